package dev.streamdycoke.simulator.qa;

/** How far back a question looks, which decides what a model must remember to answer it. */
public enum QuestionCategory {
  /** About the frame the question is asked at: counts, colours, presence. */
  NOW,
  /** About the last {@value SceneHistory#RECENT_SECONDS} seconds up to and including now. */
  RECENT,
  /** About everything since the history began: first arrivals, what ever appeared, departures. */
  MEMORY
}
