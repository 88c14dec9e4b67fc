package dev.streamdycoke.model.session;

/**
 * Where an answer's time went, in milliseconds.
 *
 * @param pendingPrefillMs prefilling tokens appended lazily since the last answer (zero when tokens
 *     are prefilled as they arrive)
 * @param prefillMs prefilling the question and the template around it
 * @param firstTokenMs from the call to the first generated token (time to first token)
 * @param decodeMs generating the tokens after the first
 */
public record AnswerTimings(
    double pendingPrefillMs, double prefillMs, double firstTokenMs, double decodeMs) {}
