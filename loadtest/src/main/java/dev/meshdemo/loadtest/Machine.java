package dev.meshdemo.loadtest;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Facts about where a run happened: machine, JVM, git commit, and process CPU time by listening port. */
public final class Machine {

    private Machine() {
    }

    public static Map<String, Object> machine() {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("hostname", hostname());
        facts.put("node", System.getenv("NODE_NAME"));
        facts.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        facts.put("arch", System.getProperty("os.arch"));
        facts.put("cpu_model", firstValue(Path.of("/proc/cpuinfo"), "model name").orElse("unknown"));
        facts.put("cores", Runtime.getRuntime().availableProcessors());
        facts.put("mem_mb", firstValue(Path.of("/proc/meminfo"), "MemTotal")
                .map(v -> Long.parseLong(v.replaceAll("[^0-9]", "")) / 1024).orElse(-1L));
        facts.put("load_average", loadAverage());
        return facts;
    }

    public static Map<String, Object> jvm() {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("version", System.getProperty("java.version"));
        facts.put("vendor", System.getProperty("java.vendor"));
        facts.put("vm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
        facts.put("max_heap_mb", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        List<String> gcs = new ArrayList<>();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcs.add(gc.getName());
        }
        facts.put("gc", gcs);
        facts.put("input_arguments", ManagementFactory.getRuntimeMXBean().getInputArguments());
        return facts;
    }

    /** The commit the harness ran from ({@code GIT_COMMIT} wins, e.g. inside a container), and whether the tree was dirty. */
    public static Map<String, Object> git(Path dir) {
        Map<String, Object> facts = new LinkedHashMap<>();
        String fromEnv = System.getenv("GIT_COMMIT");
        if (fromEnv != null && !fromEnv.isBlank()) {
            facts.put("commit", fromEnv);
            facts.put("dirty", null);
            return facts;
        }
        facts.put("commit", command(dir, "git", "rev-parse", "HEAD").orElse("unknown"));
        facts.put("dirty", command(dir, "git", "status", "--porcelain").map(s -> !s.isBlank()).orElse(null));
        return facts;
    }

    public static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** CPU time this JVM has used so far. */
    public static Duration ownCpu() {
        return ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
    }

    /**
     * The processes (same user) listening on a TCP port, found through /proc/net/tcp{,6} socket inodes.
     * Empty where /proc is not readable (then the CPU of that component is simply not reported).
     */
    public static List<Long> pidsListeningOn(int port) {
        List<String> inodes = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    // local_address is "HEX_IP:HEX_PORT"; state 0A is LISTEN; inode is the 10th column.
                    if (f.length > 9 && f[1].contains(":") && "0A".equals(f[3])
                            && Integer.parseInt(f[1].substring(f[1].indexOf(':') + 1), 16) == port) {
                        inodes.add(f[9]);
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // no such table (no IPv6) or unreadable: nothing found there
            }
        }
        List<Long> pids = new ArrayList<>();
        if (inodes.isEmpty()) {
            return pids;
        }
        try (var procs = Files.list(Path.of("/proc"))) {
            for (Path proc : (Iterable<Path>) procs::iterator) {
                String name = proc.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try (var fds = Files.list(proc.resolve("fd"))) {
                    boolean owns = fds.anyMatch(fd -> {
                        try {
                            String target = Files.readSymbolicLink(fd).toString();
                            return inodes.stream().anyMatch(inode -> target.equals("socket:[" + inode + "]"));
                        } catch (IOException e) {
                            return false;
                        }
                    });
                    if (owns) {
                        pids.add(Long.parseLong(name));
                    }
                } catch (IOException | SecurityException e) {
                    // another user's process: not ours to read
                }
            }
        } catch (IOException e) {
            return pids;
        }
        return pids;
    }

    public static Optional<Duration> cpuOf(long pid) {
        return ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration());
    }

    /**
     * The CPU of a process with that of its children: the live ones (and theirs) as they stand, the ones that
     * have exited and been waited for from the process' own {@code cutime} and {@code cstime}. A server that
     * forks per connection (PostgreSQL's backends) is counted whole. A child reaped while the children are read
     * moves its time into {@code cutime}, so that is read on both sides of the pass, and the pass is read again
     * when it moved (a few attempts; the last stands). Empty when the process is gone.
     */
    public static Optional<Duration> cpuWithChildren(long pid) {
        Optional<Duration> own = cpuOf(pid);
        if (own.isEmpty()) {
            return own;
        }
        Duration reaped = waitedForChildrenCpu(pid);
        Duration live = Duration.ZERO;
        for (int attempt = 0; attempt < 3; attempt++) {
            live = Duration.ZERO;
            for (ProcessHandle child : ProcessHandle.of(pid).map(p -> p.children().toList()).orElse(List.of())) {
                live = live.plus(cpuWithChildren(child.pid()).orElse(Duration.ZERO));
            }
            Duration after = waitedForChildrenCpu(pid);
            if (after.equals(reaped)) {
                break;
            }
            reaped = after;
        }
        return Optional.of(own.get().plus(reaped).plus(live));
    }

    /**
     * Fields 16 and 17 of /proc/PID/stat, in USER_HZ ticks, which Linux fixes at 100 for user space on every
     * architecture; zero where there is no /proc.
     */
    static Duration waitedForChildrenCpu(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name (field 2) may hold spaces and parentheses: the fields after it follow the last ')'.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            long ticks = Long.parseLong(f[13]) + Long.parseLong(f[14]); // fields 16 and 17, counted from field 3
            return Duration.ofMillis(ticks * 10);
        } catch (IOException | RuntimeException e) {
            return Duration.ZERO;
        }
    }

    private static Optional<String> firstValue(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.startsWith(key)) {
                    return Optional.of(line.substring(line.indexOf(':') + 1).trim());
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return Optional.empty();
    }

    private static String hostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    static Optional<String> command(Path dir, String... command) {
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(false).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return Optional.empty();
            }
            return Optional.of(out);
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
