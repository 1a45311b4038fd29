package dev.meshdemo.mesh.validation;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the repository is: the {@code meshdemo.root} system property (set by the pom) or the working directory's parents. */
public final class Repo {
    private Repo() {
    }

    public static Path root() {
        String configured = System.getProperty("meshdemo.root");
        Path start = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
        for (Path p = start.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("mesh/overlays")) && Files.isRegularFile(p.resolve("docs/CONFIGURATION.md"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the repository root (mesh/overlays and docs/CONFIGURATION.md) above " + start);
    }

    public static Path mesh() {
        return root().resolve("mesh");
    }
}
