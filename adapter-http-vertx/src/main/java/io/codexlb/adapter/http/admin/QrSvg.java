package io.codexlb.adapter.http.admin;

import static java.util.Objects.requireNonNull;

import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.util.Map;

/**
 * A QR code as a small SVG document, drawn by the server so that the TOTP secret never leaves it
 * for a third-party QR service and the dashboard needs no QR library of its own.
 */
final class QrSvg {

  /** The quiet zone the QR specification asks for, in modules. */
  private static final int MARGIN = 4;

  private QrSvg() {}

  /**
   * The SVG of {@code text} as a QR code (error correction M), one unit per module, black on a
   * white background whatever the page's colour scheme, so every authenticator app can scan it.
   */
  static String of(String text) {
    requireNonNull(text, "text");
    BitMatrix matrix;
    try {
      matrix =
          new QRCodeWriter()
              .encode(
                  text,
                  com.google.zxing.BarcodeFormat.QR_CODE,
                  0,
                  0,
                  Map.of(
                      EncodeHintType.ERROR_CORRECTION,
                      ErrorCorrectionLevel.M,
                      EncodeHintType.MARGIN,
                      0));
    } catch (WriterException e) {
      // An otpauth URI is short ASCII: far below what a QR code holds.
      throw new IllegalArgumentException("text does not fit a QR code", e);
    }
    int size = matrix.getWidth() + 2 * MARGIN;
    StringBuilder path = new StringBuilder();
    for (int y = 0; y < matrix.getHeight(); y++) {
      for (int x = 0; x < matrix.getWidth(); x++) {
        if (matrix.get(x, y)) {
          path.append('M').append(x + MARGIN).append(' ').append(y + MARGIN).append("h1v1h-1z");
        }
      }
    }
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "
        + size
        + " "
        + size
        + "\" shape-rendering=\"crispEdges\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>"
        + "<path fill=\"#000\" d=\""
        + path
        + "\"/></svg>";
  }
}
