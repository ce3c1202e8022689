/**
 * The send guard's rules, in plain Java: which budgets a send spends (and how each is keyed so
 * that nobody spends another's), which destinations an application may reach, and when low
 * verify/send conversion in a country means SMS pumping. Storage and counting live elsewhere.
 */
package io.github.keycloakpin2fa.engine.guard;
