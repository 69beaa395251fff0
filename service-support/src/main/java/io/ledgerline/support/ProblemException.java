package io.ledgerline.support;

import jakarta.ws.rs.core.Response;

/** Thrown by resources to answer with a specific problem; {@link ProblemMappers} writes it as problem+json. */
public class ProblemException extends RuntimeException {

    private final Problem problem;

    public ProblemException(Problem problem) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public static ProblemException invalidField(String field, String code, String message) {
        return new ProblemException(Problem.invalidField(field, code, message));
    }

    public static ProblemException notFound(String code, String detail) {
        return new ProblemException(Problem.of(Response.Status.NOT_FOUND, code, detail));
    }

    /** 422: the request is well formed but the business rules refuse it. */
    public static ProblemException refused(String code, String detail) {
        return new ProblemException(Problem.of(422, "Unprocessable Content", code, detail));
    }

    public static ProblemException conflict(String code, String detail) {
        return new ProblemException(Problem.of(Response.Status.CONFLICT, code, detail));
    }
}
