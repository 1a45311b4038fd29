package dev.meshdemo.common.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StrictJsonTest {

    @Test
    void onlyWholeSurrogatePairsAreText() {
        assertFalse(StrictJson.hasUnpairedSurrogate("Zoë"));
        assertFalse(StrictJson.hasUnpairedSurrogate("smile \uD83D\uDE00 twice \uD83D\uDE00"));
        assertTrue(StrictJson.hasUnpairedSurrogate("a\uD800b"));
        assertTrue(StrictJson.hasUnpairedSurrogate("\uDC00"));
        assertTrue(StrictJson.hasUnpairedSurrogate("\uDC00\uD800"), "a pair the wrong way round");
        assertTrue(StrictJson.hasUnpairedSurrogate("ends high \uD83D"));
    }
}
