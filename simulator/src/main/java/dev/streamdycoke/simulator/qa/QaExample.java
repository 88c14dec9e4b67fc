package dev.streamdycoke.simulator.qa;

/**
 * One question about a camera with its ground-truth answer.
 *
 * @param category how far back the question looks
 * @param templateId the {@link QuestionTemplate#id() template} it was made from, for scoring per
 *     template
 * @param question the question text, normalised as {@link QaText} describes
 * @param answer the single answer word, one of {@link AnswerVocabulary#words()}
 * @param frameIndex the frame it is asked at: the answer depends on frames up to and including this
 *     one, and on nothing after it
 */
public record QaExample(
    QuestionCategory category,
    String templateId,
    String question,
    String answer,
    long frameIndex) {}
