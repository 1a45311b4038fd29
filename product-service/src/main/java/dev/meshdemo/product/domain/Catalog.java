package dev.meshdemo.product.domain;

import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import io.quarkus.hibernate.orm.panache.PanacheRepository;
import io.quarkus.panache.common.Sort;
import jakarta.transaction.Transactional;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The catalog, held in memory. The API never writes it (Flyway seeds it), so a read needs no database round
 * trip: the service loads it at start, answers from the snapshot on the event loop, and reloads it every
 * {@code meshdemo.catalog.refresh} (APP_CATALOG_REFRESH). A reload that fails keeps the last snapshot (a
 * catalog a few seconds stale beats none); readiness still checks the database, so a pod that lost it leaves
 * the rotation. This is what keeps product-service's own cost small next to a proxy's (docs/benchmarking.md).
 * The repository of {@link CatalogEntry}; the snapshot is a projection ({@link Product}), nothing managed.
 */
@ApplicationScoped
public class Catalog implements PanacheRepository<CatalogEntry> {

    private static final Logger LOG = Logger.getLogger(Catalog.class);

    private record Snapshot(List<Product> ordered, Map<Long, Product> byId) {
    }

    private volatile Snapshot snapshot;
    private volatile boolean reloadFailing;

    /** Loads the catalog before the first request (a failure fails the start, as Flyway's would), then keeps it fresh. */
    void onStart(@Observes StartupEvent event, Vertx vertx,
                 @ConfigProperty(name = "meshdemo.catalog.refresh") Duration refresh) {
        reload();
        vertx.setPeriodic(refresh.toMillis(), timer -> vertx.executeBlocking(() -> {
            reloadKeepingTheLastOnFailure();
            return null;
        }, false));
    }

    /** Every product, ordered by id. */
    public List<Product> all() {
        return snapshot.ordered();
    }

    /** @return the product, or null when the catalog has none with this id */
    public Product find(long id) {
        return snapshot.byId().get(id);
    }

    /**
     * Reads the whole catalog from the database and makes it the one served (in a transaction of its own: the
     * timer and the start run it outside any request, where a Hibernate session needs one).
     */
    @Transactional
    public void reload() {
        List<Product> products = findAll(Sort.by("id")).project(Product.class).list();
        snapshot = new Snapshot(List.copyOf(products),
                products.stream().collect(Collectors.toUnmodifiableMap(Product::id, Function.identity())));
    }

    private void reloadKeepingTheLastOnFailure() {
        try {
            reload();
            if (reloadFailing) {
                LOG.infof("catalog reloaded again (%d products)", snapshot.ordered().size());
                reloadFailing = false;
            }
        } catch (RuntimeException e) {
            if (!reloadFailing) { // once per outage, not once per period
                LOG.warnf("catalog reload failed, serving the last one (%d products): %s",
                        snapshot.ordered().size(), e.getMessage());
                reloadFailing = true;
            }
        }
    }
}
