//! The sandbox's answer to `querydr`.

use time::OffsetDateTime;

use super::{OrderBook, SandboxGateway};
use crate::querydr::{RequestBody, ResponseBody};
use crate::{VERSION, datetime, signature};

impl<B: OrderBook> SandboxGateway<B> {
    /// Answers a `querydr` request body with a signed JSON response: `00` with the order's
    /// state (`01` still open, `00` paid, `02` not paid), `91` unknown order (or another
    /// transaction date), `97` bad signature, `02` another terminal, `03` malformed.
    pub fn answer_querydr(&self, body: &str, now: OffsetDateTime) -> String {
        let mut response = ResponseBody {
            response_id: format!("{}{}", datetime::format(now), now.nanosecond() % 1_000_000),
            command: "querydr".to_owned(),
            ..ResponseBody::default()
        };
        let (code, message) = match serde_json::from_str::<RequestBody>(body) {
            Err(_) => ("03", "Invalid request format"),
            Ok(request) => self.look_up(&request, &mut response),
        };
        response.response_code = code.to_owned();
        response.message = message.to_owned();
        response.secure_hash = signature::sign(&self.keys.secret, &response.hash_data());
        serde_json::to_string(&response).unwrap_or_default()
    }

    fn look_up(&self, request: &RequestBody, response: &mut ResponseBody) -> (&'static str, &'static str) {
        if signature::verify(&self.keys.secret, &request.hash_data(), &request.secure_hash).is_err() {
            return ("97", "Invalid signature");
        }
        if request.tmn_code != self.keys.tmn_code.as_str() {
            return ("02", "Merchant invalid");
        }
        if request.command != "querydr" || request.version != VERSION {
            return ("03", "Invalid request format");
        }
        let Some(order) = self.book.get(&request.txn_ref) else {
            return ("91", "Order not found");
        };
        if datetime::format(order.request.create_date) != request.transaction_date {
            return ("91", "Order not found");
        }
        response.tmn_code = request.tmn_code.clone();
        response.txn_ref = request.txn_ref.clone();
        response.amount = (i128::from(order.request.amount.dong()) * 100).to_string();
        response.order_info = order.request.order_info.clone();
        response.transaction_type = "01".to_owned();
        match &order.completion {
            None => response.transaction_status = "01".to_owned(),
            Some(n) => {
                response.bank_code = n.bank_code.clone();
                response.pay_date = n.pay_date.map(datetime::format).unwrap_or_default();
                response.transaction_no = n.transaction_no.clone();
                response.transaction_status = n.transaction_status.clone();
            }
        }
        ("00", "QueryDR Success")
    }
}
