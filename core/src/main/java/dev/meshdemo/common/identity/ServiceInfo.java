package dev.meshdemo.common.identity;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Who this process is: set per service in application.properties, per deployment through the environment. */
@ConfigMapping(prefix = "meshdemo.service")
public interface ServiceInfo {

    /** The service name, e.g. {@code product-service}. */
        String name();

    /** {@code APP_VERSION}: v1 or v2. */
        @WithDefault("v1")
    String version();

    /** {@code POD_NAME} in Kubernetes, the host name elsewhere. */
    String pod();

    /** {@code POD_NAMESPACE} in Kubernetes, {@code local} elsewhere. */
    @WithDefault("local")
    String namespace();
}
