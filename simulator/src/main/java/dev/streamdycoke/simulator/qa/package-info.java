/**
 * Questions about the synthetic street with answers that follow from its ground truth, for training
 * data and the accuracy benchmark.
 *
 * <p>Feed a camera's {@link dev.streamdycoke.simulator.scene.GroundTruth} frame by frame into a
 * {@link dev.streamdycoke.simulator.qa.SceneHistory}; at any frame a {@link
 * dev.streamdycoke.simulator.qa.QuestionGenerator} asks a {@link
 * dev.streamdycoke.simulator.qa.QaExample} from one of the {@link
 * dev.streamdycoke.simulator.qa.QuestionTemplates} in three {@link
 * dev.streamdycoke.simulator.qa.QuestionCategory categories} (now, recent, memory). Every answer is
 * one word of the {@link dev.streamdycoke.simulator.qa.AnswerVocabulary}, scored by exact match;
 * {@link dev.streamdycoke.simulator.qa.QaVocabulary#words()} lists every word of questions and
 * answers for a word-level tokenizer, which cuts text as {@link
 * dev.streamdycoke.simulator.qa.QaText} does.
 *
 * <pre>{@code
 * SceneSimulator world = new SceneSimulator(SceneConfig.defaults(7));
 * SceneHistory history = new SceneHistory(world.config().fps());
 * QuestionGenerator questions = new QuestionGenerator(11);
 * for (int i = 0; i < 3000; i++) {
 *   history.add(world.next().groundTruth());
 *   questions.ask(history).ifPresent(q -> ...);   // q.question(), q.answer(), q.frameIndex()
 * }
 * }</pre>
 */
package dev.streamdycoke.simulator.qa;
