package dev.streamdycoke.schemas.registry;

import dev.streamdycoke.schemas.UndecodableRecordException;
import dev.streamdycoke.schemas.UndecodableRecordException.Reason;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.SchemaParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writer schemas by registry id, and registry ids of the schemas we write, cached: a registry id
 * never changes its schema, so each id costs one request per lookup instance, however many records
 * carry it. Ids the registry does not know are remembered for {@link #UNKNOWN_ID_TTL}, so a stream
 * of foreign records does not turn into a stream of requests, while an id registered meanwhile is
 * found soon after.
 *
 * <p>While the registry is unavailable each call retries with exponential backoff (100 ms doubling
 * up to {@link RegistryConfig#RETRY_BACKOFF_MAX_MS}) for up to {@link
 * RegistryConfig#RETRY_TIMEOUT_MS}, logging at WARN, then throws {@link
 * RegistryUnavailableException}. Thread-safe.
 */
public final class SchemaLookup {

  /** How long a "no such id" answer is trusted. */
  static final Duration UNKNOWN_ID_TTL = Duration.ofSeconds(30);

  private static final Logger LOG = LoggerFactory.getLogger(SchemaLookup.class);
  private static final long FIRST_BACKOFF_MILLIS = 100;

  private final RegistryClient client;
  private final long retryTimeoutNanos;
  private final long maxBackoffMillis;
  private final Map<Integer, Schema> byId = new ConcurrentHashMap<>();
  private final Map<Integer, Long> unknownUntilNanos = new ConcurrentHashMap<>();

  /** Ids whose registry schema is not Avro: as fixed as a good one, so asked for once too. */
  private final Map<Integer, UndecodableRecordException> notAvro = new ConcurrentHashMap<>();

  private final Map<String, Integer> registered = new ConcurrentHashMap<>();
  private final AtomicLong requests = new AtomicLong();

  public SchemaLookup(RegistryConfig config) {
    this(new RegistryClient(config), config);
  }

  SchemaLookup(RegistryClient client, RegistryConfig config) {
    this.client = client;
    this.retryTimeoutNanos = config.millis(RegistryConfig.RETRY_TIMEOUT_MS, 60_000).toNanos();
    this.maxBackoffMillis = config.millis(RegistryConfig.RETRY_BACKOFF_MAX_MS, 5_000).toMillis();
  }

  /**
   * The writer schema a Confluent wire-format message names.
   *
   * @throws UndecodableRecordException UNKNOWN_SCHEMA_ID when the registry has no such id,
   *     INCOMPATIBLE_SCHEMA when what it has is not an Avro schema
   * @throws RegistryUnavailableException when the registry did not answer within the retry timeout
   */
  public Schema writerSchema(int id) throws UndecodableRecordException {
    Schema known = byId.get(id);
    if (known != null) {
      return known;
    }
    UndecodableRecordException unreadable = notAvro.get(id);
    if (unreadable != null) {
      throw new UndecodableRecordException(unreadable.reason(), unreadable.detail());
    }
    Long unknownUntil = unknownUntilNanos.get(id);
    if (unknownUntil != null && System.nanoTime() - unknownUntil < 0) {
      throw unknown(id);
    }
    Optional<RegistryClient.FetchedSchema> fetched =
        withRetries(() -> client.schemaById(id), "look up schema id " + id);
    if (fetched.isEmpty()) {
      unknownUntilNanos.put(id, System.nanoTime() + UNKNOWN_ID_TTL.toNanos());
      throw unknown(id);
    }
    Schema schema;
    try {
      schema = parse(id, fetched.get());
    } catch (UndecodableRecordException e) {
      notAvro.put(id, e);
      throw e;
    }
    byId.put(id, schema);
    unknownUntilNanos.remove(id);
    return schema;
  }

  /** The id of {@code schema} under {@code subject}, registering it on first use. */
  public int register(String subject, Schema schema) {
    String key = subject + "\u0000" + SchemaNormalization.parsingFingerprint64(schema);
    Integer id = registered.get(key);
    if (id == null) {
      id =
          withRetries(
              () -> client.register(subject, schema.toString()), "register under " + subject);
      registered.put(key, id);
      byId.putIfAbsent(id, schema);
      LOG.info("Schema {} is id {} under subject {}", schema.getFullName(), id, subject);
    }
    return id;
  }

  /** HTTP requests made so far (lookups and registrations, retries included). */
  public long requests() {
    return requests.get();
  }

  private <R> R withRetries(Supplier<R> call, String what) {
    long deadline = System.nanoTime() + retryTimeoutNanos;
    long backoff = FIRST_BACKOFF_MILLIS;
    for (int attempt = 1; ; attempt++) {
      requests.incrementAndGet();
      try {
        R result = call.get();
        if (attempt > 1) {
          LOG.info("Schema registry answered after {} attempts to {}", attempt, what);
        }
        return result;
      } catch (RegistryUnavailableException e) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || Thread.currentThread().isInterrupted()) {
          throw new RegistryUnavailableException(
              "gave up after " + attempt + " attempts to " + what + ": " + e.getMessage(), e);
        }
        LOG.warn(
            "Attempt {} to {} failed, retrying in {} ms: {}",
            attempt,
            what,
            backoff,
            e.getMessage());
        sleep(Math.min(backoff, Duration.ofNanos(left).toMillis() + 1));
        backoff = Math.min(backoff * 2, maxBackoffMillis);
      }
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RegistryUnavailableException(
          "interrupted while waiting for the schema registry", e);
    }
  }

  private static Schema parse(int id, RegistryClient.FetchedSchema fetched)
      throws UndecodableRecordException {
    if (!"AVRO".equalsIgnoreCase(fetched.schemaType())) {
      throw new UndecodableRecordException(
          Reason.INCOMPATIBLE_SCHEMA,
          "schema id " + id + " is a " + fetched.schemaType() + " schema, not Avro");
    }
    try {
      return new Schema.Parser().parse(fetched.schema());
    } catch (SchemaParseException e) {
      throw new UndecodableRecordException(
          Reason.INCOMPATIBLE_SCHEMA,
          "schema id " + id + " is not a valid Avro schema: " + e.getMessage(),
          e);
    }
  }

  private static UndecodableRecordException unknown(int id) {
    return new UndecodableRecordException(
        Reason.UNKNOWN_SCHEMA_ID,
        "the schema registry has no schema with id "
            + id
            + " (written against another registry, or deleted?)");
  }
}
