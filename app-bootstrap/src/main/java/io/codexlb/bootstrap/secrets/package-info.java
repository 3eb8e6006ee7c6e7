/**
 * Secrets at rest: the AES-256-GCM {@link io.codexlb.port.out.SecretCipher} that seals OAuth tokens
 * before they reach the store, and the key file it reads its key from ({@code
 * CODEX_LB_ENCRYPTION_KEY_FILE}, created with mode 0600 on first start), and {@link
 * io.codexlb.bootstrap.secrets.OwnerOnly}, which keeps that file and the data directory private to
 * their owner. Plain JDK cryptography ({@code javax.crypto}); nothing here ever logs or prints a
 * key or a secret.
 */
package io.codexlb.bootstrap.secrets;
