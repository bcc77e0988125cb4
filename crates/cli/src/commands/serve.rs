//! `tongban serve --config FILE`: run one hub or node until Ctrl-C or SIGTERM.

use tokio::net::TcpListener;
use tongban_i18n::{Lang, Message};
use tongban_server::Config;

use crate::args::ServeArgs;
use crate::output::Outcome;

pub fn run(lang: Lang, args: &ServeArgs) -> Outcome {
    let config = match Config::load(&args.config) {
        Ok(config) => config,
        Err(error) => {
            eprintln!("{}", error.message().render(lang));
            return Outcome::UsageOrDataError;
        }
    };
    let served = super::block_on(lang, false, async {
        let listener = TcpListener::bind(config.instance.listen).await?;
        let instance = tongban_server::start(&config, listener).await?;
        let message = Message::new("cli-out-serving")
            .arg("id", instance.id.as_str())
            .arg("url", config.instance.public_url.as_str());
        println!("{}", message.render(lang));
        wait_for_stop_signal().await;
        instance.stop().await;
        Ok(())
    });
    match served {
        Ok(()) => Outcome::Valid,
        Err(outcome) => outcome,
    }
}

/// Returns on Ctrl-C or, on Unix, SIGTERM.
pub async fn wait_for_stop_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut terminate =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(signal) => signal,
                Err(error) => {
                    tracing::warn!(%error, "cannot listen for SIGTERM; stopping on Ctrl-C only");
                    let _ = interrupt.await;
                    return;
                }
            };
        tokio::select! {
            _ = interrupt => {}
            _ = terminate.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = interrupt.await;
    }
}
