/**
 * Retirement of idle cameras: a camera that has sent no frame for the idle timeout has all its
 * keyed state cleared, so state leaves with its camera (docs/faults-and-load.md).
 */
package dev.streamdycoke.operators.retire;
