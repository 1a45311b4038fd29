package dev.meshdemo.scenarios.harness;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.opentest4j.AssertionFailedError;

import java.lang.reflect.Method;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Gives a {@link Scenario} class its context, turns each step into a JUnit test that fails when one of its checks
 * failed, stops a scenario at its first broken precondition, and at the end restores what it changed and writes
 * its results (JSON and JUnit XML) whatever happened.
 */
public final class ScenarioExtension implements BeforeAllCallback, AfterAllCallback, ExecutionCondition,
        InvocationInterceptor, ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(ScenarioExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        Class<?> type = context.getRequiredTestClass();
        Scenario s = type.getAnnotation(Scenario.class);
        String name = s == null ? type.getSimpleName() : s.value();
        Settings settings = Settings.current();
        ScenarioContext ctx = new ScenarioContext(name, settings, System.out);
        context.getStore(NS).put(ScenarioContext.class, ctx);
        System.out.printf("== %s (target %s%s)%n", name, settings.local() ? "local" : "cluster",
                settings.local() ? "" : ", mesh " + settings.mesh().id());
        if (s != null && settings.local() && !s.local()) {
            ctx.abort("needs a cluster: run make scenario-" + name + " MESH=istio|linkerd|plain");
        } else if (s != null && !settings.local() && !s.cluster()) {
            ctx.abort("runs against the local suite only (make scenarios-local)");
        }
    }

    static ScenarioContext of(ExtensionContext context) {
        ExtensionContext c = context;
        while (c != null) {
            ScenarioContext ctx = c.getStore(NS).get(ScenarioContext.class, ScenarioContext.class);
            if (ctx != null) {
                return ctx;
            }
            c = c.getParent().orElse(null);
        }
        throw new IllegalStateException("no scenario context");
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (context.getTestMethod().isEmpty()) {
            return ConditionEvaluationResult.enabled("scenario class");
        }
        ScenarioContext ctx = of(context);
        return ctx.aborted() == null ? ConditionEvaluationResult.enabled("no precondition failed")
                : ConditionEvaluationResult.disabled("skipped: " + ctx.aborted());
    }

    @Override
    public void interceptTestMethod(Invocation<Void> invocation, ReflectiveInvocationContext<Method> invocationContext,
                                    ExtensionContext extensionContext) throws Throwable {
        ScenarioContext ctx = of(extensionContext);
        Recorder r = ctx.recorder();
        r.step(extensionContext.getDisplayName());
        int mark = r.size();
        try {
            invocation.proceed();
        } catch (Precondition e) {
            ctx.abort(e.getMessage());
        } catch (Exception | LinkageError | AssertionError e) { // a missing class is a failed step, not a crash
            r.fail("unexpected-error", e.getClass().getSimpleName() + ": " + e.getMessage());
            ctx.abortQuietly("step '" + extensionContext.getDisplayName() + "' failed unexpectedly");
        }
        List<Check> failed = r.failuresSince(mark);
        if (!failed.isEmpty()) {
            throw new AssertionFailedError(failed.size() + " check(s) failed: "
                    + failed.stream().map(Check::name).collect(Collectors.joining(", ")));
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        ScenarioContext ctx = of(context);
        ctx.finish();
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        return p.getParameter().getType() == ScenarioContext.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        return of(e);
    }
}
