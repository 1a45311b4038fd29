package dev.meshdemo.scenarios.harness;

/**
 * The verdict of a check that proves a feature by contrast. It passes only when
 * <ol>
 *   <li>the treatment (feature in force) shows what the feature predicts,</li>
 *   <li>the control (feature off, or the previous policy), measured in the same run, shows what is predicted
 *       without the feature, and</li>
 *   <li>the control does not also meet the treatment's prediction: when both agree, the feature made no
 *       observable difference and the check fails, however good the treatment looks.</li>
 * </ol>
 */
public final class Contrast {
    private Contrast() {
    }

    public record Verdict(boolean passed, String reason) {
    }

    public static <T> Verdict evaluate(Prediction<T> withFeature, T treatment, Prediction<T> withoutFeature, T control) {
        if (treatment == null) {
            return new Verdict(false, "no treatment measurement");
        }
        if (control == null) {
            return new Verdict(false, "no control measurement");
        }
        boolean treatmentOk = withFeature.holds(treatment);
        boolean controlOk = withoutFeature.holds(control);
        boolean controlLooksTreated = withFeature.holds(control);
        if (controlLooksTreated) {
            return new Verdict(false, "treatment and control agree (the control also shows '" + withFeature.text()
                    + "'): the feature made no difference");
        }
        if (!treatmentOk) {
            return new Verdict(false, "with the feature: expected " + withFeature.text());
        }
        if (!controlOk) {
            return new Verdict(false, "the control did not show " + withoutFeature.text());
        }
        return new Verdict(true, "");
    }
}
