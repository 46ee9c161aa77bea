/** Internal to Baton's Spring integration: not an API, and may change in any release. */
package dev.baton.spring.internal;
