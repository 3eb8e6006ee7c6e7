package io.codexlb.architecture.planted.clean.port.in;

/** Clean: a driving port. */
public interface CheckExpiryUseCase {

  CheckExpiryResult check(CheckExpiryQuery query);
}
