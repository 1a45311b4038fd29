package dev.meshdemo.scenarios.workshop;

import dev.meshdemo.scenarios.harness.Cleanup;
import dev.meshdemo.scenarios.harness.Precondition;
import dev.meshdemo.scenarios.harness.Recorder;
import dev.meshdemo.scenarios.harness.ResultWriter;
import dev.meshdemo.scenarios.harness.Settings;

/**
 * A run outside JUnit (a reset, a feature switch) with the same verdict lines, clean-up and results as a
 * scenario: steps run in order until one breaks a precondition.
 */
final class Session implements AutoCloseable {
    interface Step {
        void run() throws Exception;
    }

    final String name;
    final Settings settings;
    final Recorder recorder;
    final Cleanup cleanup;
    private boolean broken;

    Session(String name, Settings settings) {
        this.name = name;
        this.settings = settings;
        this.recorder = new Recorder(name, System.out);
        this.cleanup = new Cleanup((what, e) -> recorder.fail("cleanup", "could not restore: " + what + ": " + e.getMessage()));
        cleanup.onInterrupt(() -> recorder.fail("interrupted", "stopped (Ctrl-C or SIGTERM)"), this::write);
    }

    void step(String title, Step step) {
        if (broken) {
            return;
        }
        recorder.step(title);
        try {
            step.run();
        } catch (Precondition e) {
            recorder.fail("precondition", e.getMessage());
            broken = true;
        } catch (Exception | LinkageError | AssertionError e) { // a missing class is a failed step, not a crash
            recorder.fail("unexpected-error", e.getClass().getSimpleName() + ": " + e.getMessage());
            broken = true;
        }
    }

    private void write() {
        ResultWriter.write(settings.resultsDir(), name, name, settings, recorder);
    }

    /** Restores, writes the results, prints the counts; 0 when everything passed. */
    int finish() {
        cleanup.close();
        write();
        System.out.printf("%d passed, %d failed%n", recorder.passed(), recorder.failed());
        return recorder.failed() == 0 && recorder.passed() > 0 ? 0 : 1;
    }

    @Override
    public void close() {
        cleanup.close();
    }
}
