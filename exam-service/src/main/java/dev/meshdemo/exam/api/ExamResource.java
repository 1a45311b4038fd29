package dev.meshdemo.exam.api;

import dev.meshdemo.common.errors.Ids;
import dev.meshdemo.common.errors.ProblemException;
import dev.meshdemo.common.idempotency.Idempotency;
import dev.meshdemo.common.validation.Handle;
import dev.meshdemo.common.validation.PositiveId;
import dev.meshdemo.exam.client.UserDirectory;
import dev.meshdemo.exam.domain.Exams;
import dev.meshdemo.exam.domain.Grading;
import dev.meshdemo.exam.domain.Question;
import dev.meshdemo.exam.domain.Submission;
import dev.meshdemo.exam.domain.Submissions;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * Exams. The GETs are safe for the mesh to retry; {@code POST .../submit} is not, and is exactly-once per
 * {@code Idempotency-Key} instead.
 */
@Path("/exams")
@Produces(MediaType.APPLICATION_JSON)
public class ExamResource {

    /** The idempotency scope: one key space for all submissions (the exam id is part of the fingerprint). */
    static final String SUBMIT_SCOPE = "POST /exams/{id}/submit";

    /** What a key is bound to: the same key with another exam, user or answers is a 422. */
    record SubmitFingerprint(long examId, String userId, Map<String, String> answers) {
    }

    private final Idempotency idempotency;
    private final UserDirectory users;
    private final Exams exams;
    private final Submissions submissions;

    public ExamResource(Idempotency idempotency, UserDirectory users, Exams exams, Submissions submissions) {
        this.idempotency = idempotency;
        this.users = users;
        this.exams = exams;
        this.submissions = submissions;
    }

    @GET
    @Operation(summary = "All exams with their number of questions")
    @APIResponse(responseCode = "200", description = "The exams", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.ARRAY, implementation = ExamDto.class)))
    public List<ExamDto> list() {
        return exams.all().stream().map(ExamDto::of).toList();
    }

    @GET
    @Path("{id}/questions")
    @Operation(summary = "The questions of an exam with their choices (never the correct answers)")
    @APIResponse(responseCode = "200", description = "The questions", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.ARRAY, implementation = QuestionDto.class)))
    @APIResponse(responseCode = "400", description = "The id is not a positive integer")
    @APIResponse(responseCode = "404", description = "No exam with this id")
    public List<QuestionDto> questions(@PathParam("id") @PositiveId String id) {
        return questionsOf(Ids.number(id)).stream().map(QuestionDto::of).toList();
    }

    @POST
    @Path("{id}/submit")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit answers: checked, scored and stored, exactly once per Idempotency-Key")
    @APIResponse(responseCode = "201", description = "Scored and stored (a replay has Idempotent-Replayed: true)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SubmissionDto.class)))
    @APIResponse(responseCode = "400", description = "Missing Idempotency-Key, bad body, unknown question or choice")
    @APIResponse(responseCode = "404", description = "No such exam, or user-service does not know the user")
    @APIResponse(responseCode = "422", description = "The Idempotency-Key was used for a different submission")
    @APIResponse(responseCode = "503", description = "user-service could not answer in time; nothing stored, retry with the same key")
    @APIResponse(responseCode = "502", description = "user-service refused our request as malformed (a bug between the services)")
    public Response submit(@PathParam("id") @PositiveId String id,
                           @HeaderParam(Idempotency.KEY_HEADER) @Parameter(in = ParameterIn.HEADER, required = true,
                                   description = "Any 1 to 200 visible ASCII characters, e.g. a UUID",
                                   schema = @Schema(type = SchemaType.STRING, pattern = Idempotency.KEY_PATTERN))
                           String idempotencyKey,
                           @Valid @NotNull SubmitRequest body) {
        Idempotency.requireKey(idempotencyKey);
        long examId = Ids.number(id);
        List<Question> questions = questionsOf(examId);
        // Checked before the key is claimed: a rejected request stores nothing, and its key can be used again.
        Grading.Score score = Grading.grade(examId, questions, body.answers());
        SubmitFingerprint fingerprint = new SubmitFingerprint(examId, body.userId(), body.answers());
        return idempotency.execute(SUBMIT_SCOPE, idempotencyKey, fingerprint, () -> {
            // Inside the claim, so replays never call user-service; a 503 here frees the key for a retry.
            users.require(body.userId());
            Submission stored = submissions.record(examId, body.userId(), score);
            return Response.status(Response.Status.CREATED).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(SubmissionDto.of(stored)).build();
        }).response();
    }

    @GET
    @Path("{id}/submissions/{userId}")
    @Operation(summary = "A user's submissions of an exam, newest first (at most 100)")
    @APIResponse(responseCode = "200", description = "The submissions", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(type = SchemaType.ARRAY, implementation = SubmissionDto.class)))
    @APIResponse(responseCode = "400", description = "Malformed exam or user id")
    @APIResponse(responseCode = "404", description = "No exam with this id")
    public List<SubmissionDto> submissions(@PathParam("id") @PositiveId String id, @PathParam("userId") @Handle String userId) {
        long examId = Ids.number(id);
        requireExam(examId);
        return submissions.history(examId, userId).stream().map(SubmissionDto::of).toList();
    }

    private List<Question> questionsOf(long examId) {
        List<Question> questions = exams.questions(examId);
        if (questions.isEmpty()) {
            requireExam(examId); // an exam without questions would be a seeding bug, not a 404
        }
        return questions;
    }

    private void requireExam(long examId) {
        if (!exams.exists(examId)) {
            throw ProblemException.notFound("Exam", examId);
        }
    }
}
