package dev.meshdemo.loadtest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * The CPU the harness charges to a local component includes its children, live and exited, as PostgreSQL's
 * backends need. An idle shell runs a busy child: the shell with its children is charged the child's CPU (no
 * less, no more) while the child runs, and still after the child has been killed and reaped; the control is
 * the shell's own CPU, which stays near nothing.
 */
class MachineTest {

    /** /proc counts in 10 ms ticks, and each figure below is compared with one read a moment apart. */
    private static final long TICKS_MS = 30;
    /** What the busy child may still run between its last reading and the kill, on a loaded machine. */
    private static final long KILL_MS = 150;

    @Test
    void cpuWithChildrenCountsALiveChildAndKeepsItAfterItExits() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/self/stat")), "no /proc here (the figures are Linux-only)");
        // The shell waits for its busy child, then sleeps: alive, idle, with the child's time in its cutime.
        Process shell = new ProcessBuilder("sh", "-c", "sh -c 'while :; do :; done' & wait; sleep 60").start();
        try {
            ProcessHandle busy = await(() -> shell.toHandle().children().findFirst().orElse(null));
            await(() -> Machine.cpuOf(busy.pid()).orElse(Duration.ZERO).toMillis() >= 300 ? busy : null);

            long before = ms(Machine.cpuOf(busy.pid()));
            long counted = ms(Machine.cpuWithChildren(shell.pid()));
            long after = ms(Machine.cpuOf(busy.pid()));
            long shellOwn = ms(Machine.cpuOf(shell.pid()));
            System.out.printf("busy child %d - %d ms; the shell with its children %d ms; the shell alone %d ms%n",
                    before, after, counted, shellOwn);
            assertTrue(shellOwn <= TICKS_MS, "the control: an idle shell used " + shellOwn + " ms");
            assertTrue(counted + TICKS_MS >= before, "a live child's " + before + " ms counted as " + counted);
            assertTrue(counted <= after + shellOwn + TICKS_MS, "a live child's " + after + " ms counted as " + counted);

            long last = ms(Machine.cpuOf(busy.pid()));
            busy.destroyForcibly();
            // Gone once the shell's wait has reaped it (a zombie is still listed among the children).
            await(() -> shell.toHandle().children().noneMatch(c -> c.pid() == busy.pid()) ? busy : null);
            long exited = ms(Machine.cpuWithChildren(shell.pid()));
            System.out.printf("after it was killed and reaped: %d ms (last read alive %d ms)%n", exited, last);
            assertFalse(Machine.cpuOf(busy.pid()).isPresent() && busy.isAlive(), "the child is still there");
            assertTrue(exited + TICKS_MS >= last, "an exited child's CPU was lost: " + exited + " ms of " + last);
            assertTrue(exited <= last + KILL_MS + TICKS_MS, "an exited child counted twice: " + exited + " ms of " + last);
        } finally {
            shell.descendants().forEach(ProcessHandle::destroyForcibly);
            shell.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static long ms(java.util.Optional<Duration> cpu) {
        return cpu.orElseThrow().toMillis();
    }

    /** Polls until the supplier gives something (20 s at most). */
    private static <T> T await(java.util.function.Supplier<T> probe) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        T value;
        while ((value = probe.get()) == null) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting");
            Thread.sleep(20);
        }
        return value;
    }
}
