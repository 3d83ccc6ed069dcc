//! What the gateway's `vnp_ResponseCode` means, for the return page. The page shows this;
//! it never records the payment (the IPN does).

use crate::pay::Locale;

/// How the return page presents an outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ReturnOutcome {
    /// The gateway says the money was taken (`00`).
    Paid,
    /// The money was taken but the gateway holds the transaction as suspicious (`07`); it
    /// is not recorded as paid (the IPN rule asks for `00` and `00`).
    UnderReview,
    /// The payer cancelled (`24`).
    Cancelled,
    /// Refused or failed; the payer may try again.
    Failed,
}

/// Classifies a response code.
pub fn classify(code: &str) -> ReturnOutcome {
    match code {
        "00" => ReturnOutcome::Paid,
        "07" => ReturnOutcome::UnderReview,
        "24" => ReturnOutcome::Cancelled,
        _ => ReturnOutcome::Failed,
    }
}

/// An explanation of a response code for the payer, in Vietnamese or English. Codes not
/// listed get a general message.
pub fn explain(code: &str, locale: Locale) -> &'static str {
    let (vi, en) = match code {
        "00" => ("Giao dịch thành công.", "The payment succeeded."),
        "07" => (
            "Tiền đã được trừ, nhưng giao dịch bị nghi ngờ (có dấu hiệu lừa đảo hoặc bất thường) và đang được kiểm tra.",
            "The money was taken, but the transaction looks suspicious (possible fraud or unusual activity) and is being checked.",
        ),
        "09" => (
            "Thẻ hoặc tài khoản của quý khách chưa đăng ký dịch vụ Internet Banking tại ngân hàng.",
            "Your card or account is not registered for Internet Banking at your bank.",
        ),
        "10" => (
            "Quý khách xác thực thông tin thẻ hoặc tài khoản không đúng quá 3 lần.",
            "The card or account details were entered wrongly more than 3 times.",
        ),
        "11" => (
            "Đã hết thời gian chờ thanh toán. Xin quý khách thực hiện lại giao dịch.",
            "The time allowed for payment ran out. Please try again.",
        ),
        "12" => (
            "Thẻ hoặc tài khoản của quý khách bị khóa.",
            "Your card or account is locked.",
        ),
        "13" => (
            "Quý khách nhập sai mật khẩu xác thực giao dịch (OTP). Xin quý khách thực hiện lại giao dịch.",
            "The one-time password (OTP) was wrong. Please try again.",
        ),
        "24" => ("Quý khách đã hủy giao dịch.", "You cancelled the payment."),
        "51" => (
            "Tài khoản của quý khách không đủ số dư để thực hiện giao dịch.",
            "Your account does not have enough funds for this payment.",
        ),
        "65" => (
            "Tài khoản của quý khách đã vượt quá hạn mức giao dịch trong ngày.",
            "Your account has exceeded its daily transaction limit.",
        ),
        "75" => (
            "Ngân hàng thanh toán đang bảo trì.",
            "The paying bank is under maintenance.",
        ),
        "79" => (
            "Quý khách nhập sai mật khẩu thanh toán quá số lần quy định. Xin quý khách thực hiện lại giao dịch.",
            "The payment password was entered wrongly too many times. Please try again.",
        ),
        _ => (
            "Giao dịch không thành công. Xin quý khách thử lại hoặc chọn cách thanh toán khác.",
            "The payment did not go through. Please try again or choose another way to pay.",
        ),
    };
    match locale {
        Locale::Vn => vi,
        Locale::En => en,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_of_the_spec_has_its_own_explanation_in_both_languages() {
        let general_vi = explain("xx", Locale::Vn);
        let general_en = explain("xx", Locale::En);
        let codes = ["00", "07", "09", "10", "11", "24", "51", "65", "75"];
        let mut seen = std::collections::HashSet::new();
        for code in codes {
            let (vi, en) = (explain(code, Locale::Vn), explain(code, Locale::En));
            assert_ne!(vi, general_vi, "{code}");
            assert_ne!(en, general_en, "{code}");
            assert_ne!(vi, en, "{code}");
            assert!(seen.insert(vi), "{code} shares its text");
        }
        assert_eq!(explain("24", Locale::Vn), "Quý khách đã hủy giao dịch.");
        assert_eq!(
            explain("51", Locale::En),
            "Your account does not have enough funds for this payment."
        );
    }

    #[test]
    fn outcomes_are_classified() {
        assert_eq!(classify("00"), ReturnOutcome::Paid);
        assert_eq!(classify("07"), ReturnOutcome::UnderReview);
        assert_eq!(classify("24"), ReturnOutcome::Cancelled);
        for code in ["09", "10", "11", "51", "65", "75", "99", ""] {
            assert_eq!(classify(code), ReturnOutcome::Failed, "{code}");
        }
    }
}
