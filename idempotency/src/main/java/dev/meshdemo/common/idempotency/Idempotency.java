package dev.meshdemo.common.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.MapperFeature;
import dev.meshdemo.common.db.LockWaits;
import dev.meshdemo.common.errors.Problem;
import dev.meshdemo.common.errors.ProblemException;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Exactly-once execution of a request per {@code Idempotency-Key}, also when duplicates arrive concurrently.
 *
 * <p>The key is claimed by inserting its row in the same transaction that does the work. A duplicate's
 * insert blocks on the primary key until the first transaction ends: if it committed, the duplicate replays
 * the stored answer with {@code Idempotent-Replayed: true}; if it rolled back (the work failed with a 5xx),
 * the duplicate runs the work itself. Answers below 500 are stored and replayed; 5xx answers are not, so a
 * client can retry after an outage with the same key. A key reused with a different request body is a 422.
 *
 * <p>Its table comes with it: {@code db/migration/V1000__idempotency_keys.sql} in this jar, which Quarkus' Flyway
 * finds under its default location as it finds the service's own migrations (versions from 1000 up are kept for
 * the shared modules; a service numbers its own below).
 */
@ApplicationScoped
public class Idempotency implements PanacheRepositoryBase<IdempotencyRecord, IdempotencyRecord.Key> {

    public static final String KEY_HEADER = "Idempotency-Key";
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";
    /** Published in the operations' contract; the same rule as {@link #VALID_KEY}. */
    public static final String KEY_PATTERN = "^[\\x21-\\x7E]{1,200}$";
    private static final Pattern VALID_KEY = Pattern.compile(KEY_PATTERN);
    // Canonical JSON (sorted keys) so that the same request always hashes the same.
    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).findAndAddModules().build();

    /** What {@link #execute} did: the answer to send, and whether it is a replay (no work was done). */
    public record Outcome(Response response, boolean replayed) {
    }

    private final LockWaits lockWaits;
    private final ObjectMapper json;
    private final CurrentVertxRequest request;

    public Idempotency(LockWaits lockWaits, ObjectMapper json, CurrentVertxRequest request) {
        this.lockWaits = lockWaits;
        this.json = json;
        this.request = request;
    }

    /** Rejects a missing or malformed key with a 400 before anything is done. */
    public static String requireKey(String key) {
        if (key == null || key.isBlank()) {
            throw ProblemException.badRequest("The " + KEY_HEADER + " header is required (e.g. a UUID)");
        }
        if (!VALID_KEY.matcher(key).matches()) {
            throw ProblemException.badRequest(KEY_HEADER + " must be 1 to 200 visible ASCII characters");
        }
        return key;
    }

    /**
     * Runs {@code work} at most once for {@code (scope, key)}. The work runs inside the claiming transaction,
     * so its own database writes commit together with the stored answer or not at all. Remote calls it makes
     * are not transactional: the caller decides what is safe to do inside (reads) and after (side effects on
     * other services, done only when {@link Outcome#replayed()} is false).
     */
    public Outcome execute(String scope, String key, Object request, Supplier<Response> work) {
        requireKey(key);
        String requestHash = hash(request);
        try {
            return QuarkusTransaction.requiringNew().call(() -> claimAndRun(scope, key, requestHash, work));
        } catch (RolledBack e) {
            return e.outcome;
        }
    }

    private Outcome claimAndRun(String scope, String key, String requestHash, Supplier<Response> work) {
        // A duplicate's INSERT waits for the first request's transaction: a lock wait on purpose. Native, though
        // HQL says the same: Hibernate 7.2 translates an HQL write anew on every execution (no plan cache for
        // insert, update, delete), and this one runs for every order.
        int claimed = lockWaits.waitingForLock(() -> getEntityManager().createNativeQuery("""
                INSERT INTO idempotency_keys (scope, idem_key, request_hash) VALUES (?1, ?2, ?3)
                ON CONFLICT (scope, idem_key) DO NOTHING""")
                .setParameter(1, scope).setParameter(2, key).setParameter(3, requestHash).executeUpdate());
        if (claimed == 0) {
            return replay(scope, key, requestHash);
        }
        Response response = runCatchingProblems(work);
        if (response.getStatus() >= 500) {
            // Thrown, not setRollbackOnly(): QuarkusTransaction would then fail the commit with a
            // RollbackException (a 500). The rollback frees the key for a retry.
            throw new RolledBack(new Outcome(response, false));
        }
        store(scope, key, response);
        return new Outcome(response, false);
    }

    /** Carries a 5xx answer out of the claiming transaction, which QuarkusTransaction then rolls back. */
    private static final class RolledBack extends RuntimeException {

        private final transient Outcome outcome;

        RolledBack(Outcome outcome) {
            super(null, null, false, false);
            this.outcome = outcome;
        }
    }

    /** A key's record as replayed; {@code responseStatus} is null until the answer is stored. */
    public record Stored(String requestHash, Integer responseStatus, String contentType, String responseBody) {
    }

    /**
     * Whether {@code key} already has a stored answer, so that {@link #execute} will replay it (a caller can
     * skip work it would do only for a first execution). Only committed claims are visible, and those always
     * carry their answer.
     */
    public boolean answered(String scope, String key) {
        // A select, whose plan Hibernate caches: Panache's count() builds and translates a count query per call.
        return getEntityManager().createQuery(
                "select count(*) from IdempotencyRecord where scope = ?1 and idemKey = ?2", Long.class)
                .setParameter(1, scope).setParameter(2, key).getSingleResult() > 0;
    }

    private Outcome replay(String scope, String key, String requestHash) {
        Stored stored = find("scope = ?1 and idemKey = ?2", scope, key).project(Stored.class).singleResult();
        if (stored.responseStatus() == null) {
            // Committed without an answer: cannot happen through execute(); refuse rather than guess.
            throw ProblemException.conflict("idempotency-key-incomplete",
                    "The request with this " + KEY_HEADER + " did not complete; use a new key");
        }
        if (!requestHash.equals(stored.requestHash())) {
            throw ProblemException.unprocessable("idempotency-key-reused",
                    "This " + KEY_HEADER + " was used for a different request; use a new key");
        }
        Response response = Response.status(stored.responseStatus())
                .type(stored.contentType())
                .entity(stored.responseBody())
                .header(REPLAYED_HEADER, "true")
                .build();
        return new Outcome(response, true);
    }

    private Response runCatchingProblems(Supplier<Response> work) {
        try {
            return work.get();
        } catch (ProblemException e) {
            // A deliberate 4xx is an answer like any other and is replayed; a 5xx problem frees the key.
            RoutingContext current = request.getCurrent();
            return (current != null ? e.problem().withInstance(current.normalizedPath()) : e.problem()).toResponse();
        }
    }

    private void store(String scope, String key, Response response) {
        Object entity = response.getEntity();
        String body;
        try {
            body = entity == null ? null : entity instanceof String s ? s : json.writeValueAsString(entity);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot store the answer for replay", e);
        }
        MediaType type = response.getMediaType();
        String contentType = type != null ? type.toString()
                : response.getStatus() >= 400 ? Problem.MEDIA_TYPE : MediaType.APPLICATION_JSON;
        // Native for the claim's reason: an HQL update would be translated again for every order.
        getEntityManager().createNativeQuery("""
                UPDATE idempotency_keys SET response_status = ?1, content_type = ?2, response_body = ?3
                WHERE scope = ?4 AND idem_key = ?5""")
                .setParameter(1, response.getStatus()).setParameter(2, contentType).setParameter(3, body)
                .setParameter(4, scope).setParameter(5, key).executeUpdate();
    }

    static String hash(Object request) {
        try {
            byte[] canonical = CANONICAL.writeValueAsBytes(request);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot fingerprint the request", e);
        }
    }

}
