package dev.meshdemo.loadtest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Where the module's files are when tests run (surefire sets meshdemo.loadtest.dir to the module directory). */
final class Benchmarks {
    static final Path MODULE = Path.of(System.getProperty("meshdemo.loadtest.dir", System.getProperty("user.dir")));

    private Benchmarks() {
    }

    static Path file(String name) {
        Path file = MODULE.resolve("benchmarks").resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("no benchmark " + file);
        }
        return file;
    }

    /** Runs a benchmark through the same path as `make loadtest` and returns its result document. */
    static RunDocument run(String name, Map<String, String> params) {
        return LoadRun.execute(new LoadRun.Request(file(name), params, "test", Map.of("mesh_type", "none"),
                Map.of("kind", "test"), MODULE)).document();
    }
}
