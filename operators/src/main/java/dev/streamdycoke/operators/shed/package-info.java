/**
 * Load shedding: frames too old to be worth decoding or encoding are dropped before the work is
 * paid for, so answer staleness stays bounded when frames arrive faster than the vision tower
 * encodes them (docs/faults-and-load.md).
 */
package dev.streamdycoke.operators.shed;
