package dev.meshdemo.exam.domain;

import dev.meshdemo.common.errors.ProblemException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Checks a set of answers against an exam's questions and scores them. Pure: no database, no clock.
 *
 * <p>Every key must be a question of this exam and every value one of that question's choices, otherwise the
 * whole submission is rejected (400 naming each bad entry) and nothing is scored. Questions without an answer
 * count as wrong: the score is always out of all the exam's questions.
 */
public final class Grading {

    /** One question's outcome; {@code answer} is null when the question was left unanswered. */
    public record Result(long questionId, String answer, boolean correct) {
    }

    public record Score(int correct, int total, int percent, List<Result> results) {
    }

    private Grading() {
    }

    /** @param questions the exam's questions in their order (at least one) */
    public static Score grade(long examId, List<Question> questions, Map<String, String> answers) {
        Map<String, Question> byId = questions.stream()
                .collect(Collectors.toMap(q -> String.valueOf(q.id()), Function.identity(), (a, b) -> a, LinkedHashMap::new));
        Map<String, Object> errors = new TreeMap<>();
        answers.forEach((questionId, choice) -> {
            Question question = byId.get(questionId);
            if (question == null) {
                errors.put("answers." + questionId, "no question '" + abbreviate(questionId) + "' in exam " + examId);
            } else if (choice == null || !question.choices().contains(choice)) {
                errors.put("answers." + questionId, (choice == null ? "null" : "'" + abbreviate(choice) + "'")
                        + " is not one of the choices " + question.choices());
            }
        });
        if (!errors.isEmpty()) {
            String detail = errors.entrySet().stream().map(e -> e.getKey() + ": " + e.getValue())
                    .collect(Collectors.joining("; "));
            throw ProblemException.invalid(detail, errors);
        }
        List<Result> results = new ArrayList<>(questions.size());
        int correct = 0;
        for (Question question : questions) {
            String answer = answers.get(String.valueOf(question.id()));
            boolean right = question.correctChoice().equals(answer);
            correct += right ? 1 : 0;
            results.add(new Result(question.id(), answer, right));
        }
        int total = questions.size();
        return new Score(correct, total, percent(correct, total), List.copyOf(results));
    }

    /** Rounded half up to a whole percent: 2 of 3 is 67. */
    public static int percent(int correct, int total) {
        return (int) Math.round(100.0 * correct / total);
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "...";
    }
}
