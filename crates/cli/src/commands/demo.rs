//! `tongban demo`: a hub and three nodes until Ctrl-C.

use tongban_i18n::{Lang, Message};
use tongban_server::demo::{Demo, DemoOptions, MEMBERS};

use crate::args::{DemoArgs, GlobalArgs};
use crate::output::Outcome;

pub fn run(global: &GlobalArgs, lang: Lang, args: &DemoArgs) -> Outcome {
    let options = DemoOptions {
        data_dir: args.data_dir.clone(),
        base_port: args.base_port,
        reference_data: global.reference_data.clone(),
    };
    let result = super::block_on(lang, false, async {
        let demo = Demo::start(&options).await?;
        print_welcome(&demo, lang);
        super::serve::wait_for_stop_signal().await;
        println!("{}", Message::new("cli-out-demo-stopping").render(lang));
        demo.stop().await;
        Ok(())
    });
    match result {
        Ok(()) => Outcome::Valid,
        Err(outcome) => outcome,
    }
}

fn print_welcome(demo: &Demo, lang: Lang) {
    println!("{}", Message::new("cli-out-demo-ready").render(lang));
    for (member, instance) in MEMBERS.iter().zip(&demo.instances) {
        let name = if lang == Lang::En {
            member.name_en
        } else {
            member.name_zh
        };
        println!("  {:<4} {}  {name}", member.id, instance.local_url());
    }
    if let Some(first) = &demo.first_start {
        let imported =
            Message::new("cli-out-demo-imported").arg("items", first.items_imported.to_string());
        println!("\n{}", imported.render(lang));
        if !first.accounts.is_empty() {
            println!("\n{}", Message::new("cli-out-demo-accounts").render(lang));
            for account in &first.accounts {
                println!(
                    "  {:<4} {:<6} {:<24} {}",
                    account.instance, account.role, account.login, account.password
                );
            }
        }
    } else {
        println!("\n{}", Message::new("cli-out-demo-reused").render(lang));
    }
    println!("\n{}", Message::new("cli-out-demo-stop-hint").render(lang));
}
