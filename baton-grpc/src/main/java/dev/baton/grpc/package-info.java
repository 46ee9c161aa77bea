/**
 * Baton for gRPC: {@link dev.baton.grpc.ContextClientInterceptor} sends the caller's carried stores
 * with each call and runs the call's callbacks in the caller's context; {@link
 * dev.baton.grpc.ContextServerInterceptor} runs the handler and every callback of an incoming call
 * in the context its headers carried.
 */
package dev.baton.grpc;
