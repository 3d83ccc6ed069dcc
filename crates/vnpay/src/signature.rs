//! HMAC-SHA512 signatures as VNPay writes them: lowercase hex. Verification compares in
//! constant time (through `Mac::verify_slice`) and accepts either case of hex.

use hmac::Mac;

use crate::credentials::HashSecret;
use crate::error::VnpayError;

/// The lowercase hex HMAC-SHA512 of `data` under `secret`.
pub fn sign(secret: &HashSecret, data: &str) -> String {
    let mut mac = secret.mac();
    mac.update(data.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// Checks that `signature` (hex) is the HMAC-SHA512 of `data` under `secret`.
pub fn verify(secret: &HashSecret, data: &str, signature: &str) -> Result<(), VnpayError> {
    if signature.is_empty() {
        return Err(VnpayError::MissingSignature);
    }
    let expected = hex::decode(signature).map_err(|_| VnpayError::BadSignature)?;
    let mut mac = secret.mac();
    mac.update(data.as_bytes());
    mac.verify_slice(&expected).map_err(|_| VnpayError::BadSignature)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Known answer, recomputed with:
    // python3 -c 'import hmac,hashlib;print(hmac.new(b"key",b"The quick brown fox jumps over the lazy dog",hashlib.sha512).hexdigest())'
    const FOX: &str = "b42af09057bac1e2d41708e48a902e09b5ff7f12ab428a4fe86653c73dd248fb82f948a549f7b791a5b41915ee4d1ec3935357e4e2317250d0372afa2ebeeb3a";

    #[test]
    fn known_answer() {
        let key = HashSecret::new("key").unwrap();
        assert_eq!(sign(&key, "The quick brown fox jumps over the lazy dog"), FOX);
    }

    #[test]
    fn verification_accepts_the_signature_in_either_case_and_nothing_else() {
        let key = HashSecret::new("key").unwrap();
        let data = "The quick brown fox jumps over the lazy dog";
        assert_eq!(verify(&key, data, FOX), Ok(()));
        assert_eq!(verify(&key, data, &FOX.to_uppercase()), Ok(()));
        assert_eq!(
            verify(&key, "the quick brown fox jumps over the lazy dog", FOX),
            Err(VnpayError::BadSignature)
        );
        assert_eq!(
            verify(&HashSecret::new("kez").unwrap(), data, FOX),
            Err(VnpayError::BadSignature)
        );
        assert_eq!(
            verify(&key, data, &FOX[..126]),
            Err(VnpayError::BadSignature),
            "truncated"
        );
        assert_eq!(verify(&key, data, "zz"), Err(VnpayError::BadSignature), "not hex");
        assert_eq!(verify(&key, data, ""), Err(VnpayError::MissingSignature));
    }
}
