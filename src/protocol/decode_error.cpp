#include "protocol/decode_error.h"

namespace chatwire::protocol {

const char* to_string(DecodeErrorCode code) {
  switch (code) {
    case DecodeErrorCode::kEmptyFrame:
      return "empty_frame";
    case DecodeErrorCode::kFrameTooLarge:
      return "frame_too_large";
    case DecodeErrorCode::kUnknownPacketType:
      return "unknown_packet_type";
    case DecodeErrorCode::kInvalidBase64:
      return "invalid_base64";
    case DecodeErrorCode::kInvalidAttachments:
      return "invalid_attachments";
    case DecodeErrorCode::kInvalidNamespace:
      return "invalid_namespace";
    case DecodeErrorCode::kInvalidAckId:
      return "invalid_ack_id";
    case DecodeErrorCode::kAckIdOutOfRange:
      return "ack_id_out_of_range";
    case DecodeErrorCode::kInvalidJson:
      return "invalid_json";
    case DecodeErrorCode::kJsonTooDeep:
      return "json_too_deep";
    case DecodeErrorCode::kInvalidPayload:
      return "invalid_payload";
    case DecodeErrorCode::kUnsupportedBinary:
      return "unsupported_binary";
    case DecodeErrorCode::kInvalidHandshake:
      return "invalid_handshake";
  }
  return "unknown";  // a value cast from an out-of-range integer
}

}  // namespace chatwire::protocol
