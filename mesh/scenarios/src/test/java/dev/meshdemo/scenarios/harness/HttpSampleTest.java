package dev.meshdemo.scenarios.harness;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HttpSampleTest {
    @Test
    void parsesCurlWriteOutLines() {
        List<HttpSample> s = HttpSample.parseCurl("""
                200 0.012 0 v1
                200 0.013 0 v2
                503 0.002 0
                000 0.001 56
                000 5.001 28 \s
                curl: (6) Could not resolve host
                000 0.000 6
                """);
        assertEquals(6, s.size());
        assertEquals("v1", s.get(0).header());
        assertEquals("", s.get(2).header());
        assertTrue(s.get(3).resetWithoutAnswer());
        assertFalse(s.get(4).resetWithoutAnswer(), "a timeout is not a reset");
        assertFalse(s.get(5).resetWithoutAnswer(), "a DNS failure is not a reset");
        assertFalse(s.get(5).answered());
        HttpSample.Samples all = new HttpSample.Samples(s);
        assertEquals(2, all.ok());
        assertEquals(1, all.withHeader("v2"));
        assertEquals(1, all.slowerThan(5.0));
        assertEquals("000:3 200:2 503:1", all.statuses());
    }

    @Test
    void anEmptyOutputIsNoSample() {
        assertEquals(0, HttpSample.parseCurl("").size());
        assertEquals("none", new HttpSample.Samples(List.of()).statuses());
    }
}
