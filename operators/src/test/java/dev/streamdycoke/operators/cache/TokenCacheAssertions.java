package dev.streamdycoke.operators.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Assertions on a token cache's stored index, shared by the cache's and the operator's tests. */
public final class TokenCacheAssertions {
  private TokenCacheAssertions() {}

  /**
   * Asserts that {@code got} holds every field of {@code want}'s index; {@code when} says where.
   */
  public static void assertSameIndex(TokenCacheState want, TokenCacheState got, String when) {
    assertNotNull(got, when);
    assertEquals(want.clock, got.clock, when);
    assertEquals(want.lastSeq, got.lastSeq, when);
    assertEquals(want.dim, got.dim, when);
    assertArrayEquals(want.seq, got.seq, when);
    assertArrayEquals(want.cell, got.cell, when);
    assertArrayEquals(want.insertedAt, got.insertedAt, when);
    assertArrayEquals(want.lastRelevant, got.lastRelevant, when);
    assertArrayEquals(want.score, got.score, when);
    assertArrayEquals(want.support, got.support, when);
  }
}
