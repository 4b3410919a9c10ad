"""The first page of a visitor who has not signed in where the deployment opens no data to them
(PUBLIC_ACCESS = none or public_page): what the dashboard is and how to get in."""

import streamlit as st

from components.shell import page_in_frame
from components.state import t

page_in_frame()  # a page file run without app.py reruns through it

st.title(t("welcome.title"))
st.write(t("welcome.intro"))
if st.query_params.get("mode") == "present":
    st.info(t("welcome.present"), icon=":material/slideshow:")
st.info(t("welcome.sign_in"), icon=":material/login:")
st.caption(t("welcome.no_account"))
