package dev.streamdycoke.model.checkpoint;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;

/**
 * Releases memory mappings as soon as a file is closed instead of whenever the garbage collector
 * gets to them, which matters when a multi-gigabyte checkpoint is replaced by another. Safe only
 * because no mapped buffer ever escapes this package: tensors are copied out before use.
 */
final class MappedBuffers {
  private static final Object UNSAFE;
  private static final Method INVOKE_CLEANER;

  static {
    Object unsafe = null;
    Method cleaner = null;
    try {
      Class<?> type = Class.forName("sun.misc.Unsafe");
      Field field = type.getDeclaredField("theUnsafe");
      field.setAccessible(true);
      unsafe = field.get(null);
      cleaner = type.getMethod("invokeCleaner", ByteBuffer.class);
    } catch (ReflectiveOperationException | RuntimeException e) {
      // Without jdk.unsupported the mapping is released by the garbage collector instead.
      unsafe = null;
      cleaner = null;
    }
    UNSAFE = unsafe;
    INVOKE_CLEANER = cleaner;
  }

  private MappedBuffers() {}

  /** Unmaps {@code buffer} now where the JDK allows it; a no-op otherwise. */
  static void unmap(ByteBuffer buffer) {
    if (buffer == null || !buffer.isDirect() || INVOKE_CLEANER == null) {
      return;
    }
    try {
      INVOKE_CLEANER.invoke(UNSAFE, buffer);
    } catch (ReflectiveOperationException | RuntimeException e) {
      // Leave the mapping to the garbage collector; unmapping early is only an optimisation.
    }
  }
}
