/** The example of a request crossing three services, with the edge's request id on every log line. */
package dev.baton.examples.services;
