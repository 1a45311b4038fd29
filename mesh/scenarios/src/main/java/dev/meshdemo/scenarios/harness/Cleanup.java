package dev.meshdemo.scenarios.harness;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * What a scenario changed, and how to restore it: restorations run last-in first-out when the scenario ends,
 * whether it passed, failed or threw, and from a shutdown hook when the JVM is stopped (Ctrl-C, SIGTERM).
 * A restoration that fails is reported and the others still run.
 */
public final class Cleanup implements AutoCloseable {

    @FunctionalInterface
    public interface Restoration {
        void run() throws Exception;
    }

    private record Entry(String description, Restoration restoration, boolean quiet) {
    }

    private static final Set<Cleanup> OPEN = ConcurrentHashMap.newKeySet();
    private static final Thread HOOK = new Thread(Cleanup::closeAllOpen, "scenario-cleanup");

    static {
        Runtime.getRuntime().addShutdownHook(HOOK);
    }

    private final Deque<Entry> entries = new ArrayDeque<>();
    private final BiConsumer<String, Exception> onFailure;
    private volatile Runnable beforeInterruptedClose = () -> { };
    private volatile Runnable afterInterruptedClose = () -> { };
    private boolean closed;

    /** onFailure receives the description and the error of a restoration that failed. */
    public Cleanup(BiConsumer<String, Exception> onFailure) {
        this.onFailure = onFailure;
        OPEN.add(this);
    }

    /** What to do around the restorations when the JVM is stopped mid-scenario (record it, write the results). */
    public void onInterrupt(Runnable before, Runnable after) {
        this.beforeInterruptedClose = before;
        this.afterInterruptedClose = after;
    }

    public synchronized void defer(String description, Restoration restoration) {
        if (closed) {
            throw new IllegalStateException("clean-up already ran; cannot defer " + description);
        }
        entries.push(new Entry(description, restoration, false));
    }

    /** As {@link #defer}, without a line on the terminal (closing connections is not news). */
    public synchronized void deferQuietly(String description, Restoration restoration) {
        if (closed) {
            throw new IllegalStateException("clean-up already ran; cannot defer " + description);
        }
        entries.push(new Entry(description, restoration, true));
    }

    /** Runs the most recent restoration with this description now (a scenario switching a feature off early). */
    public synchronized boolean restoreNow(String description) {
        for (Entry e : entries) {
            if (e.description().equals(description)) {
                entries.remove(e);
                run(e);
                return true;
            }
        }
        return false;
    }

    /** Forgets a restoration (`make feature-on` keeps what it switched on). */
    public synchronized boolean forget(String description) {
        return entries.removeIf(e -> e.description().equals(description));
    }

    public synchronized List<String> pending() {
        return new ArrayList<>(entries.stream().map(Entry::description).toList());
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            while (!entries.isEmpty()) {
                run(entries.pop());
            }
        } finally {
            OPEN.remove(this);
        }
    }

    private void run(Entry e) {
        if (!e.quiet()) {
            System.err.println("   restore: " + e.description());
        }
        try {
            e.restoration().run();
        } catch (Exception ex) {
            onFailure.accept(e.description(), ex);
        }
    }

    static void closeAllOpen() {
        for (Cleanup c : List.copyOf(OPEN)) {
            System.err.println("   interrupted: restoring what the scenario changed");
            c.beforeInterruptedClose.run();
            c.close();
            c.afterInterruptedClose.run();
        }
    }
}
