package dev.meshdemo.testing;

/**
 * The database and role a service uses (docs/CONFIGURATION.md): {@code product-service} owns
 * {@code product_db} as {@code product_svc}. Locally the password is the role name; in Kubernetes it comes
 * from the Secret {@code postgres-credentials}.
 */
public record ServiceDatabase(String database, String role, String password) {

    public static ServiceDatabase of(String service) {
        String prefix = service.endsWith("-service") ? service.substring(0, service.length() - "-service".length())
                : service;
        if (!prefix.matches("[a-z]+")) {
            throw new IllegalArgumentException("not a service name: " + service);
        }
        return new ServiceDatabase(prefix + "_db", prefix + "_svc", prefix + "_svc");
    }
}
