/**
 * Internal to Baton's SLF4J integration: not an API, and may change in any release.
 */
package dev.baton.slf4j.internal;
