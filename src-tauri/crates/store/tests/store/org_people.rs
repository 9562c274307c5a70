//! An organization's members, collaborators and teams: a listing writes them (fields the server
//! did not give stay unknown), a completed listing marks what it did not return as deleted and
//! records that it completed, a refusal is recorded and deletes nothing, and each organization
//! has its own.

use towerdesk_store::{
    ListingOutcome, MemberList, OrgMemberRecord, OrgPeopleListing, OrgRecord, OrgTeamRecord, Store,
};

use crate::common::{self, open_new};

fn person(id: i64, user: &str, role: Option<&str>) -> OrgMemberRecord {
    OrgMemberRecord {
        member_id: id,
        user_name: Some(user.to_string()),
        email: Some(format!("{user}@example.com")),
        first_name: None,
        last_name: None,
        avatar: Some(format!("https://www.gravatar.com/avatar/{id}?d=404")),
        role: role.map(str::to_string),
    }
}

fn team(id: i64, name: &str, count: Option<i64>) -> OrgTeamRecord {
    OrgTeamRecord {
        team_id: id,
        name: Some(name.to_string()),
        description: Some(format!("The {name} team")),
        members_count: count,
    }
}

/// Two organizations of one account: their local ids.
async fn two_orgs(store: &Store) -> (i64, i64) {
    let acc = common::account(store).await;
    let org = |id: i64, name: &str| OrgRecord {
        org_id: id,
        name: name.to_string(),
        full_name: None,
        description: None,
        logo_url: None,
        role: Some("owner".to_string()),
    };
    store
        .upsert_organizations(acc.id, 1, &[org(1, "acme"), org(2, "beta-labs")])
        .await
        .unwrap();
    let orgs = store.organizations(acc.id).await.unwrap();
    let local = |name: &str| orgs.iter().find(|o| o.name == name).unwrap().id;
    (local("acme"), local("beta-labs"))
}

fn users(list: &[OrgMemberRecord]) -> Vec<&str> {
    list.iter().filter_map(|m| m.user_name.as_deref()).collect()
}

#[tokio::test]
async fn a_listing_writes_the_members_and_only_a_completed_one_removes_what_it_did_not_return() {
    let (_p, store) = open_new().await;
    let (acme, beta) = two_orgs(&store).await;
    let members = OrgPeopleListing::Members;

    let g1 = store.begin_org_people_listing(members, acme).await.unwrap();
    let mut unknown = person(3, "carol", None);
    (unknown.email, unknown.avatar) = (None, None);
    store
        .upsert_org_members(
            MemberList::Members,
            acme,
            g1,
            &[
                person(2, "Bob", Some("member")),
                person(1, "ada", Some("owner")),
            ],
        )
        .await
        .unwrap();
    store
        .upsert_org_members(
            MemberList::Members,
            acme,
            g1,
            std::slice::from_ref(&unknown),
        )
        .await
        .unwrap();
    assert_eq!(
        store.org_people_listing(members, acme).await.unwrap(),
        None,
        "not complete until finished"
    );
    store
        .finish_org_people_listing(members, acme, g1)
        .await
        .unwrap();
    let listed = store.org_members(MemberList::Members, acme).await.unwrap();
    assert_eq!(
        users(&listed),
        ["ada", "Bob", "carol"],
        "by user name, without case"
    );
    assert_eq!(
        listed[2], unknown,
        "what the server did not say stays unknown"
    );
    let mark = store
        .org_people_listing(members, acme)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(mark.outcome, ListingOutcome::Listed);
    assert_eq!(
        store.org_members(MemberList::Members, beta).await.unwrap(),
        [],
        "each organization has its own"
    );
    assert_eq!(
        store
            .org_members(MemberList::Collaborators, acme)
            .await
            .unwrap(),
        [],
        "members are not collaborators"
    );

    // A listing that stops half way (one page written, never finished) deletes nothing.
    let g2 = store.begin_org_people_listing(members, acme).await.unwrap();
    assert!(g2 > g1);
    store
        .upsert_org_members(
            MemberList::Members,
            acme,
            g2,
            &[person(1, "ada", Some("owner"))],
        )
        .await
        .unwrap();
    assert_eq!(
        users(&store.org_members(MemberList::Members, acme).await.unwrap()),
        ["ada", "Bob", "carol"]
    );

    // A completed listing without Bob: Bob is gone.
    let g3 = store.begin_org_people_listing(members, acme).await.unwrap();
    store
        .upsert_org_members(
            MemberList::Members,
            acme,
            g3,
            &[person(1, "ada", Some("owner")), unknown.clone()],
        )
        .await
        .unwrap();
    assert_eq!(
        store
            .finish_org_people_listing(members, acme, g3)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        users(&store.org_members(MemberList::Members, acme).await.unwrap()),
        ["ada", "carol"]
    );

    // Listed again: he comes back.
    let g4 = store.begin_org_people_listing(members, acme).await.unwrap();
    store
        .upsert_org_members(
            MemberList::Members,
            acme,
            g4,
            &[person(2, "Bob", Some("member"))],
        )
        .await
        .unwrap();
    store
        .finish_org_people_listing(members, acme, g4)
        .await
        .unwrap();
    assert_eq!(
        users(&store.org_members(MemberList::Members, acme).await.unwrap()),
        ["Bob"]
    );
}

#[tokio::test]
async fn a_refused_listing_is_recorded_and_keeps_what_an_earlier_one_brought() {
    let (_p, store) = open_new().await;
    let (acme, _) = two_orgs(&store).await;
    let collaborators = OrgPeopleListing::Collaborators;
    let g = store
        .begin_org_people_listing(collaborators, acme)
        .await
        .unwrap();
    store
        .upsert_org_members(
            MemberList::Collaborators,
            acme,
            g,
            &[person(9, "priya", Some("collaborator"))],
        )
        .await
        .unwrap();
    store
        .finish_org_people_listing(collaborators, acme, g)
        .await
        .unwrap();

    store
        .refuse_org_people_listing(collaborators, acme)
        .await
        .unwrap();
    let mark = store
        .org_people_listing(collaborators, acme)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(mark.outcome, ListingOutcome::Refused);
    assert_eq!(
        users(
            &store
                .org_members(MemberList::Collaborators, acme)
                .await
                .unwrap()
        ),
        ["priya"],
        "kept"
    );
    assert_eq!(
        store
            .org_people_listing(OrgPeopleListing::Members, acme)
            .await
            .unwrap(),
        None,
        "each listing has its own outcome"
    );
}

#[tokio::test]
async fn teams_are_written_read_and_removed_like_members() {
    let (_p, store) = open_new().await;
    let (acme, beta) = two_orgs(&store).await;
    let teams = OrgPeopleListing::Teams;
    let g1 = store.begin_org_people_listing(teams, acme).await.unwrap();
    let mut bare = team(3, "ops", None);
    bare.description = None;
    store
        .upsert_org_teams(
            acme,
            g1,
            &[
                team(1, "team1", Some(1)),
                team(2, "Bio", Some(0)),
                bare.clone(),
            ],
        )
        .await
        .unwrap();
    store
        .finish_org_people_listing(teams, acme, g1)
        .await
        .unwrap();
    let listed = store.org_teams(acme).await.unwrap();
    let names: Vec<_> = listed.iter().filter_map(|t| t.name.as_deref()).collect();
    assert_eq!(names, ["Bio", "ops", "team1"]);
    assert_eq!(
        listed[1], bare,
        "an unsaid description and count stay unknown"
    );
    assert_eq!(store.org_teams(beta).await.unwrap(), []);

    let g2 = store.begin_org_people_listing(teams, acme).await.unwrap();
    store
        .upsert_org_teams(acme, g2, &[team(1, "team1", Some(4))])
        .await
        .unwrap();
    store
        .finish_org_people_listing(teams, acme, g2)
        .await
        .unwrap();
    assert_eq!(
        store.org_teams(acme).await.unwrap(),
        [team(1, "team1", Some(4))]
    );
}
