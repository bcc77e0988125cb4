use super::*;

/// Every allowed step: (from, action, role, to).
const ALLOWED: &[(CaseStatus, Action, ActorRole, CaseStatus)] = {
    use Action as A;
    use ActorRole as R;
    use CaseStatus as S;
    &[
        (S::Draft, A::Submit, R::Applicant, S::Submitted),
        (S::Submitted, A::Accept, R::Clerk, S::Accepted),
        (S::Submitted, A::Accept, R::System, S::Accepted),
        (S::Submitted, A::Reject, R::Clerk, S::RejectedAtIntake),
        (
            S::Submitted,
            A::RequestCorrection,
            R::Clerk,
            S::CorrectionRequested,
        ),
        (
            S::CorrectionRequested,
            A::AnswerCorrection,
            R::Applicant,
            S::Submitted,
        ),
        (S::Accepted, A::StartReview, R::Clerk, S::UnderReview),
        (
            S::UnderReview,
            A::StartSpecialProcedure,
            R::Clerk,
            S::SpecialProcedure,
        ),
        (
            S::SpecialProcedure,
            A::EndSpecialProcedure,
            R::Clerk,
            S::UnderReview,
        ),
        (S::UnderReview, A::Approve, R::Clerk, S::Approved),
        (S::UnderReview, A::Deny, R::Clerk, S::Denied),
        (S::Approved, A::Close, R::Clerk, S::Closed),
        (S::Denied, A::Close, R::Clerk, S::Closed),
        (S::Submitted, A::Withdraw, R::Applicant, S::Withdrawn),
        (
            S::CorrectionRequested,
            A::Withdraw,
            R::Applicant,
            S::Withdrawn,
        ),
        (S::Accepted, A::Withdraw, R::Applicant, S::Withdrawn),
        (S::UnderReview, A::Withdraw, R::Applicant, S::Withdrawn),
        (S::SpecialProcedure, A::Withdraw, R::Applicant, S::Withdrawn),
    ]
};

#[test]
fn allowed_steps_lead_where_expected() {
    for (from, action, role, to) in ALLOWED {
        assert_eq!(
            transition(*from, *action, *role),
            Ok(*to),
            "{from} {action:?} by {role:?}"
        );
    }
}

#[test]
fn every_other_combination_is_refused() {
    let roles = [ActorRole::Applicant, ActorRole::Clerk, ActorRole::System];
    for from in CaseStatus::ALL {
        for action in Action::ALL {
            for role in roles {
                let listed = ALLOWED
                    .iter()
                    .any(|(f, a, r, _)| *f == from && *a == action && *r == role);
                let result = transition(from, action, role);
                assert_eq!(
                    result.is_ok(),
                    listed,
                    "{from} {action:?} by {role:?}: {result:?}"
                );
            }
        }
    }
}

#[test]
fn nothing_follows_a_final_state() {
    for from in CaseStatus::ALL
        .into_iter()
        .filter(|status| status.is_final())
    {
        for action in Action::ALL {
            assert!(transition(from, action, ActorRole::Clerk).is_err());
            assert!(transition(from, action, ActorRole::Applicant).is_err());
        }
    }
}

#[test]
fn withdrawal_after_decision_is_refused_with_message() {
    let error =
        transition(CaseStatus::Approved, Action::Withdraw, ActorRole::Applicant).unwrap_err();
    assert_eq!(error.rule(), "case-transition-not-allowed");
    let zh = error.message().render(tongban_i18n::Lang::ZhCn);
    assert!(zh.contains("撤回") && zh.contains("准予"), "{zh}");
    let en = error.message().render(tongban_i18n::Lang::En);
    assert!(en.contains("withdraw") && en.contains("approved"), "{en}");
}

#[test]
fn applicant_cannot_approve() {
    let error = transition(
        CaseStatus::UnderReview,
        Action::Approve,
        ActorRole::Applicant,
    )
    .unwrap_err();
    assert_eq!(
        error,
        TransitionError::WrongActor {
            action: Action::Approve,
            role: ActorRole::Applicant
        }
    );
}

#[test]
fn names_round_trip() {
    for status in CaseStatus::ALL {
        assert_eq!(CaseStatus::parse(status.as_str()), Some(status));
    }
    for action in Action::ALL {
        assert_eq!(Action::parse(action.as_str()), Some(action));
    }
}

#[test]
fn clock_stops_in_correction_and_special_procedure() {
    let stopped: Vec<_> = CaseStatus::ALL
        .into_iter()
        .filter(|status| status.suspends_clock())
        .collect();
    assert_eq!(
        stopped,
        [
            CaseStatus::CorrectionRequested,
            CaseStatus::SpecialProcedure
        ]
    );
}
