/**
 * Rate limits with sliding-window meaning: the pure algorithm and the contract storage implements.
 */
package io.github.keycloakpin2fa.engine.limit;
