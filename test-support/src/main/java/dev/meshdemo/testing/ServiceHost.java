package dev.meshdemo.testing;

/**
 * The host name under which the service under test reaches this JVM's test servers (the PostgreSQL proxy, the
 * dependency stubs): 127.0.0.1, unless the service runs in a container that does not share this machine's network.
 * `make images` sets {@value #PROPERTY} for the {@code *ImageIT} training runs on Docker Desktop, which has no host
 * networking by default: there the container (on the default bridge, its port published) reaches the host as
 * {@code host.docker.internal}, which Docker Desktop resolves and forwards to the host (mk/images.mk, IMAGES_NETWORK).
 */
public final class ServiceHost {
    public static final String PROPERTY = "meshdemo.test.service-host";

    private ServiceHost() {
    }

    public static String name() {
        String host = System.getProperty(PROPERTY, "");
        return host.isBlank() ? "127.0.0.1" : host.trim();
    }
}
