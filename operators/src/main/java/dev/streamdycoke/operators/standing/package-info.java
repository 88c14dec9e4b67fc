/**
 * Standing questions (docs/standing-questions.md): a Query with a standing spec is re-asked of its
 * cameras as their frames arrive. {@link dev.streamdycoke.operators.standing.StandingRule} checks a
 * spec, {@link dev.streamdycoke.operators.standing.StandingRouter} delivers registrations and
 * cancels to the cameras (including cameras that appear later, for {@code "*"}), and {@link
 * dev.streamdycoke.operators.standing.StandingQuestions} keeps each camera's questions in keyed
 * state and turns evaluations into numbered events ({@link
 * dev.streamdycoke.operators.standing.EventEmitter}).
 */
package dev.streamdycoke.operators.standing;
