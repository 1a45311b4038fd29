package dev.meshdemo.common.idempotency;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;

/**
 * The record of one {@code Idempotency-Key} in a scope (table {@code idempotency_keys}): the request's hash, and
 * the answer once it is stored ({@code responseStatus} null until then). Its primary key is the lock a
 * concurrent duplicate waits on.
 */
@Entity
@Table(name = "idempotency_keys")
@IdClass(IdempotencyRecord.Key.class)
public class IdempotencyRecord {

    /** The primary key: scope and key. */
    public record Key(String scope, String idemKey) implements Serializable {
    }

    @Id
    public String scope;

    @Id
    @Column(name = "idem_key")
    public String idemKey;

    @Column(name = "request_hash", nullable = false)
    public String requestHash;

    @Column(name = "response_status")
    public Integer responseStatus;

    @Column(name = "content_type")
    public String contentType;

    @Column(name = "response_body")
    public String responseBody;

    /** Set by the database (DEFAULT now()). */
    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;
}
