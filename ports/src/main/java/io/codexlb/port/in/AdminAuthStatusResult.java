package io.codexlb.port.in;

/**
 * Whether the admin API is set up.
 *
 * @param passwordSet whether a password is set; while none is, only loopback clients (and a remote
 *     one with the bootstrap token, for setup) may use the admin API
 * @param totpEnabled whether logins need a TOTP code
 */
public record AdminAuthStatusResult(boolean passwordSet, boolean totpEnabled) {}
