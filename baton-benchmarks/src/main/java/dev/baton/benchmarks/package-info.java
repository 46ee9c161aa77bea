/**
 * JMH benchmarks of Baton, and runners that measure it next to its peers and write {@code
 * docs/BENCHMARKS.md}. Not part of Baton's API.
 */
package dev.baton.benchmarks;
