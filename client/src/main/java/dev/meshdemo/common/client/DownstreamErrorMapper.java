package dev.meshdemo.common.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.meshdemo.common.errors.Problem;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

/**
 * Registered on every REST client ({@code @RegisterProvider(DownstreamErrorMapper.class)}): turns error answers
 * into {@link DownstreamRejected} (4xx) or {@link DownstreamUnavailable} (5xx, 429), which the fault tolerance
 * annotations tell apart.
 */
public class DownstreamErrorMapper implements ResponseExceptionMapper<RuntimeException> {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    @Override
    public RuntimeException toThrowable(Response response) {
        int status = response.getStatus();
        if (status >= 500 || status == 429) {
            return new DownstreamUnavailable(status);
        }
        return new DownstreamRejected(status, readProblem(response));
    }

    @Override
    public boolean handles(int status, jakarta.ws.rs.core.MultivaluedMap<String, Object> headers) {
        return status >= 400;
    }

    private static Problem readProblem(Response response) {
        try {
            if (!response.hasEntity()) {
                return null;
            }
            return JSON.readValue(response.readEntity(String.class), Problem.class);
        } catch (Exception e) {
            return null; // not a problem document: the status alone tells what happened
        }
    }
}
