/** Logback's side of Baton's logging integration: {@code %baton{name}} in patterns. */
package dev.baton.slf4j.logback;
