package dev.meshdemo.scenarios.workshop;

import dev.meshdemo.common.faults.AdminFaultsResource.FaultUpdate;
import dev.meshdemo.scenarios.harness.Cluster;
import dev.meshdemo.scenarios.harness.HostHttp;
import dev.meshdemo.scenarios.harness.Precondition;
import dev.meshdemo.scenarios.harness.Settings;

import java.util.List;
import java.util.Map;

/**
 * `make knob SERVICE=product-service ERROR_RATE=0.3 [DELAY_MS=2000 DELAY_RATE=1 PATHS=/products]`: the same fault
 * knob on every running pod of a service (each process has its own knob, PUT /admin/faults), through one
 * port-forward per pod, then each pod's settings read back. A knob set on one pod of four moves the service's error
 * rate by a quarter of it; this sets all of them. Unnamed fields keep their value; ERROR_RATE=0 switches it off.
 */
public final class Knob {
    private Knob() {
    }

    /** The update named by the environment (ERROR_RATE, DELAY_MS, DELAY_RATE, PATHS); blank means "keep". */
    static FaultUpdate fromEnvironment(Map<String, String> env) {
        FaultUpdate u = new FaultUpdate(number(env, "ERROR_RATE"), whole(env, "DELAY_MS"), number(env, "DELAY_RATE"),
                blankToNull(env.get("PATHS")));
        if (u.errorRate() == null && u.delayMs() == null && u.delayRate() == null && u.paths() == null) {
            throw new IllegalArgumentException("set at least one of ERROR_RATE, DELAY_MS, DELAY_RATE, PATHS");
        }
        return u;
    }

    private static String blankToNull(String v) {
        return v == null || v.isBlank() ? null : v;
    }

    private static Double number(Map<String, String> env, String name) {
        String v = blankToNull(env.get(name));
        if (v == null) {
            return null;
        }
        // ASCII decimals only: Java's parsers would also take "1e0", "0x1p-1", "1d" and non-ASCII digits.
        if (!v.trim().matches("[0-9]+(\\.[0-9]+)?|\\.[0-9]+")) {
            throw new IllegalArgumentException(name + " must be a number between 0 and 1 (like 0.3), got " + v);
        }
        double d = Double.parseDouble(v.trim());
        if (d > 1) {
            throw new IllegalArgumentException(name + " must be between 0 and 1, got " + v);
        }
        return d;
    }

    private static Long whole(Map<String, String> env, String name) {
        String v = blankToNull(env.get(name));
        if (v == null) {
            return null;
        }
        if (!v.trim().matches("[0-9]{1,9}")) {
            throw new IllegalArgumentException(name + " must be a whole number of milliseconds (0 to 999999999), got " + v);
        }
        return Long.parseLong(v.trim());
    }

    public static int run(Settings settings, List<String> args, Map<String, String> env) {
        if (args.size() != 1 || !Cluster.SERVICES.contains(args.get(0))) {
            throw new IllegalArgumentException("knob SERVICE (one of " + Cluster.SERVICES + ") with ERROR_RATE/DELAY_MS/DELAY_RATE/PATHS set");
        }
        String service = args.get(0);
        FaultUpdate update = fromEnvironment(env);
        Session s = new Session("knob-" + service, settings);
        s.step("knob on every pod of " + service, () -> {
            Cluster cluster = Cluster.connect(settings, s.cleanup);
            List<String> pods = cluster.runningPodNames(service);
            if (pods.isEmpty()) {
                throw new Precondition("no running pod of " + service + " in namespace " + settings.namespace());
            }
            try (HostHttp http = new HostHttp()) {
                for (String pod : pods) {
                    String base = cluster.forward(pod, Cluster.SERVICE_PORTS.get(service));
                    HostHttp.Response r = http.putJson(base + "/admin/faults", update);
                    s.recorder.check(pod + ".put", r.ok(), "PUT /admin/faults answered 2xx", r.statusText());
                    HostHttp.Response now = http.get(base + "/admin/faults");
                    s.recorder.check(pod + ".now", now.ok(), "the pod's knobs", now.ok() ? now.body() : now.statusText());
                }
            }
            System.out.printf("   %d pod(s) of %s set%n", pods.size(), service);
        });
        return s.finish();
    }
}
