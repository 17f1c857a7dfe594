//! `papo channels`: the reader's channels and DMs with unread counts;
//! `--all`: every public channel.

use domain::{ChannelListing, ChannelSummary, Nickname};

use crate::{api::Api, args::ChannelsArgs, error::CliError, output::Output, render::View};

pub async fn run(api: &Api, me: Option<Nickname>, args: ChannelsArgs) -> Result<(), CliError> {
    let view = View {
        show_channel: true,
        me,
    };
    let mut out = Output::new();
    if args.all {
        let query = [("all", "true".to_owned())];
        let channels: Vec<ChannelListing> = api
            .get("channels", &query, "listing the public channels")
            .await?;
        for channel in &channels {
            if args.json {
                out.json(channel)?;
            } else {
                out.line(&view.listing(channel))?;
            }
        }
    } else {
        let channels: Vec<ChannelSummary> =
            api.get("channels", &[], "listing your channels").await?;
        for channel in &channels {
            if args.json {
                out.json(channel)?;
            } else {
                out.line(&view.summary(channel))?;
            }
        }
    }
    Ok(())
}
