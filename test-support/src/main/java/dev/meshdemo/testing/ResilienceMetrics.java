package dev.meshdemo.testing;

import static io.restassured.RestAssured.given;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads the fault tolerance metrics of one dependency's policy from the service under test's /q/metrics. */
public final class ResilienceMetrics {

    private ResilienceMetrics() {
    }

    /** {@code ft_retry_retries_total{dependency=...}} summed over the methods that call it (0 before any retry). */
    public static double retries(String dependency) {
        return sum("ft_retry_retries_total", dependency);
    }

    /** A counter or gauge of the dependency's policy, summed over its other tags. */
    public static double sum(String metric, String dependency) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(metric) + "\\{([^}]*)} (\\S+)").matcher(metrics);
        double sum = 0;
        while (m.find()) {
            if (m.group(1).contains("dependency=\"" + dependency + "\"")) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }
}
