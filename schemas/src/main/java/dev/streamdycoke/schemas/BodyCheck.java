package dev.streamdycoke.schemas;

import dev.streamdycoke.schemas.UndecodableRecordException.Reason;
import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * Walks an Avro binary body against its writer schema without materialising anything.
 *
 * <p>Avro's decoders allocate a string, bytes or collection of the length the data claims before
 * reading it, so a few corrupt bytes can demand a 2 GiB buffer and take the task manager down with
 * an OutOfMemoryError; a bad union or enum index surfaces as an ArrayIndexOutOfBoundsException.
 * Checking every length and index against the bytes actually present first means the real decode
 * only ever sees well-formed input, and a bad message becomes a precise {@link
 * UndecodableRecordException} instead.
 */
final class BodyCheck {

  /** Bound on items of a zero-byte type (e.g. array of null), which the byte count cannot bound. */
  private static final long MAX_ZERO_SIZE_ITEMS = 1 << 20;

  private final byte[] buf;
  private int pos;
  private final Map<Schema, Integer> minSizes = new IdentityHashMap<>();

  private BodyCheck(byte[] buf, int start) {
    this.buf = buf;
    this.pos = start;
  }

  /**
   * Checks that {@code buf[start..]} holds exactly one datum of {@code writer}.
   *
   * @throws UndecodableRecordException TRUNCATED if the data ends early, MALFORMED otherwise
   */
  static void check(Schema writer, byte[] buf, int start) throws UndecodableRecordException {
    BodyCheck c = new BodyCheck(buf, start);
    c.walk(writer);
    if (c.pos != buf.length) {
      throw new UndecodableRecordException(
          Reason.MALFORMED,
          (buf.length - c.pos)
              + " trailing bytes after a complete "
              + writer.getFullName()
              + " of "
              + (c.pos - start)
              + " bytes");
    }
  }

  private void walk(Schema s) throws UndecodableRecordException {
    switch (s.getType()) {
      case NULL:
        return;
      case BOOLEAN:
        {
          need(1, "boolean");
          byte b = buf[pos++];
          if (b != 0 && b != 1) {
            throw malformed("boolean byte " + b + " is neither 0 nor 1");
          }
          return;
        }
      case INT:
        {
          long v = varint("int");
          if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw malformed("int value " + v + " out of range");
          }
          return;
        }
      case LONG:
        varint("long");
        return;
      case FLOAT:
        skip(4, "float");
        return;
      case DOUBLE:
        skip(8, "double");
        return;
      case STRING:
      case BYTES:
        skip(length(s.getType().getName()), s.getType().getName());
        return;
      case FIXED:
        skip(s.getFixedSize(), s.getFullName());
        return;
      case ENUM:
        {
          long i = varint("enum index");
          if (i < 0 || i >= s.getEnumSymbols().size()) {
            throw malformed(
                "enum index "
                    + i
                    + " outside "
                    + s.getFullName()
                    + " ("
                    + s.getEnumSymbols().size()
                    + " symbols)");
          }
          return;
        }
      case UNION:
        {
          long i = varint("union index");
          if (i < 0 || i >= s.getTypes().size()) {
            throw malformed("union branch " + i + " outside a union of " + s.getTypes().size());
          }
          walk(s.getTypes().get((int) i));
          return;
        }
      case RECORD:
        for (Schema.Field f : s.getFields()) {
          walk(f.schema());
        }
        return;
      case ARRAY:
        blocks(s.getElementType(), false);
        return;
      case MAP:
        blocks(s.getValueType(), true);
        return;
      default:
        throw malformed("unsupported schema type " + s.getType());
    }
  }

  /** Arrays and maps: a sequence of counted blocks ending with a zero count. */
  private void blocks(Schema item, boolean isMap) throws UndecodableRecordException {
    String what = isMap ? "map" : "array";
    int itemMin = (isMap ? 1 : 0) + minSize(item);
    while (true) {
      long count = varint(what + " block count");
      if (count == 0) {
        return;
      }
      if (count < 0) {
        // A negative count is followed by the block's byte size, which readers may use to skip.
        if (count == Long.MIN_VALUE) {
          throw malformed(what + " block count out of range");
        }
        count = -count;
        long size = varint(what + " block size");
        if (size < 0) {
          throw malformed(what + " block size " + size + " is negative");
        }
      }
      long remaining = buf.length - pos;
      if (itemMin > 0 ? count > remaining / itemMin : count > MAX_ZERO_SIZE_ITEMS) {
        throw new UndecodableRecordException(
            Reason.TRUNCATED,
            what + " block claims " + count + " items but only " + remaining + " bytes remain");
      }
      for (long i = 0; i < count; i++) {
        if (isMap) {
          skip(length("map key"), "map key");
        }
        walk(item);
      }
    }
  }

  /** Fewest bytes a datum of {@code s} can take; bounds how many items a block can hold. */
  private int minSize(Schema s) {
    Integer known = minSizes.get(s);
    if (known != null) {
      return known;
    }
    // Recursive schemas: assume 0 while computing, which only ever under-estimates.
    minSizes.put(s, 0);
    int m;
    switch (s.getType()) {
      case NULL:
        m = 0;
        break;
      case FLOAT:
        m = 4;
        break;
      case DOUBLE:
        m = 8;
        break;
      case FIXED:
        m = s.getFixedSize();
        break;
      case RECORD:
        {
          long sum = 0;
          for (Schema.Field f : s.getFields()) {
            sum += minSize(f.schema());
          }
          m = (int) Math.min(sum, Integer.MAX_VALUE);
          break;
        }
      case UNION:
        {
          int least = Integer.MAX_VALUE;
          for (Schema branch : s.getTypes()) {
            least = Math.min(least, minSize(branch));
          }
          m = 1 + (s.getTypes().isEmpty() ? 0 : least);
          break;
        }
      default:
        // boolean, int, long, enum, string, bytes, array, map: at least one varint byte.
        m = 1;
    }
    minSizes.put(s, m);
    return m;
  }

  private long length(String what) throws UndecodableRecordException {
    long len = varint(what + " length");
    if (len < 0) {
      throw malformed(what + " length " + len + " is negative");
    }
    return len;
  }

  /** Zig-zag varint as Avro writes int and long. */
  private long varint(String what) throws UndecodableRecordException {
    long raw = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      need(1, what);
      int b = buf[pos++] & 0xff;
      raw |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return (raw >>> 1) ^ -(raw & 1);
      }
    }
    throw malformed(what + " is a varint longer than 10 bytes");
  }

  private void skip(long n, String what) throws UndecodableRecordException {
    need(n, what);
    pos += (int) n;
  }

  private void need(long n, String what) throws UndecodableRecordException {
    long remaining = buf.length - pos;
    if (n > remaining) {
      throw new UndecodableRecordException(
          Reason.TRUNCATED,
          "message ends inside "
              + what
              + ": needs "
              + n
              + " bytes at offset "
              + pos
              + ", "
              + remaining
              + " remain");
    }
  }

  private static UndecodableRecordException malformed(String detail) {
    return new UndecodableRecordException(Reason.MALFORMED, detail);
  }
}
