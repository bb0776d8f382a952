// The admin's rich-text editor (django-prose-editor, Tiptap/ProseMirror) on textareas that
// carry data-rich-text. The extensions come from newsroom/editorial/sanitize.py through the
// widget's JSON, so the editor writes only what the sanitiser keeps. No inline script or
// style: this module is a static file and the editor's own CSS is too.
// The editor's bundle is imported by the URL the widget's <script> carries: its hashed name
// after collectstatic, so a new django-prose-editor is never served from an old cache.
const E = await import(document.querySelector("script[data-editor-module]").dataset.editorModule)

const CONFIG_ATTRIBUTE = "data-rich-text"
const LINK_REL = "noopener noreferrer"
const YOUTUBE =
  /^https?:\/\/(?:www\.|m\.)?(?:youtube\.com\/(?:watch\?(?:.*&)?v=|embed\/|shorts\/|live\/)|youtube-nocookie\.com\/embed\/|youtu\.be\/)([A-Za-z0-9_-]{11})(?:[?&#/].*)?$/
const VIMEO = /^https?:\/\/(?:www\.|player\.)?vimeo\.com\/(?:video\/)?(\d{6,12})(?:[?#/].*)?$/

function isVideoUrl(text) {
  return YOUTUBE.test(text) || VIMEO.test(text)
}

// A link writes href, title and rel in the order the sanitiser (nh3) writes them, so the
// editor's HTML comes back from the sanitiser unchanged.
const Link = E.Link.extend({
  renderHTML({ HTMLAttributes }) {
    const attrs = { href: HTMLAttributes.href }
    if (HTMLAttributes.title) attrs.title = HTMLAttributes.title
    attrs.rel = LINK_REL
    return ["a", attrs, 0]
  },
})

// Ordered lists are plain <ol> (with start): no list-style types, which need inline styles.
const OrderedList = E.OrderedList.extend({
  addOptions() {
    return { ...this.parent?.(), enableListAttributes: false }
  },
  addAttributes() {
    const { type, ...attributes } = this.parent?.() || {}
    return attributes
  },
  addNodeView: null,
})

const videoDialog = E.updateAttrsDialog(
  {
    href: { type: "string", title: "YouTube or Vimeo address", required: true },
    title: {
      type: "string",
      title: "Title (shown on the placeholder and read out by screen readers)",
      required: true,
    },
  },
  { title: "Insert a video", submitText: "Insert video" },
)

function askForVideo(editor, href = "") {
  videoDialog(editor, { href, title: "" }).then((attrs) => {
    if (!attrs) return
    const url = attrs.href.trim()
    if (!isVideoUrl(url)) {
      window.alert("Only YouTube and Vimeo addresses can be embedded.")
      return
    }
    editor
      .chain()
      .focus()
      .insertContent({ type: "videoEmbed", attrs: { href: url, title: attrs.title.trim() } })
      .run()
  })
}

// A video: stored as <figure class="embed"><a href="URL">Title</a></figure>, which the item
// page turns into a click-to-load placeholder (newsroom/embeds.py).
const VideoEmbed = E.Node.create({
  name: "videoEmbed",
  group: "block",
  atom: true,
  draggable: true,
  priority: 1000, // its paste handler runs before the link's

  addAttributes() {
    return { href: { default: null }, title: { default: "" } }
  },

  parseHTML() {
    return [
      {
        tag: "figure.embed",
        priority: 100,
        getAttrs(dom) {
          const link = dom.querySelector("a[href]")
          return link ? { href: link.getAttribute("href"), title: link.textContent } : false
        },
      },
    ]
  },

  renderHTML({ node }) {
    return ["figure", { class: "embed" }, ["a", { href: node.attrs.href, rel: LINK_REL }, node.attrs.title]]
  },

  addMenuItems({ menu, buttons }) {
    menu.defineItem({
      name: "videoEmbed",
      groups: "insert",
      command: (editor) => askForVideo(editor),
      button: buttons.material("smart_display", "Insert a YouTube or Vimeo video"),
    })
  },

  addProseMirrorPlugins() {
    const editor = this.editor
    return [
      new E.Plugin({
        props: {
          handlePaste(view, event) {
            const text = (event.clipboardData?.getData("text/plain") || "").trim()
            if (!isVideoUrl(text)) return false
            askForVideo(editor, text)
            return true
          },
        },
      }),
    ]
  },
})

// Google Docs wraps the clipboard in <b style="font-weight:normal" id="docs-internal-guid-…">,
// and its tables carry column widths; neither is content.
function unwrapGoogleDocs(doc) {
  for (const wrapper of doc.querySelectorAll("b[id^='docs-internal-guid']")) {
    wrapper.replaceWith(...wrapper.childNodes)
  }
  for (const columns of doc.querySelectorAll("colgroup")) columns.remove()
}

// Word puts lists on the clipboard as paragraphs with mso-list styles and a bullet or number
// typed in a hidden span; turn runs of them into real lists before ProseMirror reads them.
function wordListsToLists(doc) {
  const items = [...doc.querySelectorAll("p")].filter((p) =>
    /mso-list:\s*l\d+\s+level\d+/i.test(p.getAttribute("style") || ""),
  )
  let list = null
  let previous = null
  for (const p of items) {
    const marker = p.querySelector("span[style*='mso-list:Ignore' i]")
    const markerText = marker ? marker.textContent.trim() : ""
    const ordered = /^[\w]{1,3}[.)]$/.test(markerText)
    if (marker) marker.remove()
    if (!list || previous?.nextElementSibling !== p || list.ordered !== ordered) {
      list = { element: doc.createElement(ordered ? "ol" : "ul"), ordered }
      p.before(list.element)
    }
    const li = doc.createElement("li")
    li.append(...p.childNodes)
    list.element.append(li)
    previous = list.element
    p.remove()
  }
}

// Google Docs marks bold and italic with styled spans. Under the strict CSP the browser does
// not apply pasted style attributes, so ProseMirror's own style rules cannot see them: read
// the attribute's text instead (newsroom/editorial/sanitize.py does the same on the server).
function stylesToMarks(doc) {
  for (const element of doc.querySelectorAll("span[style]")) {
    const style = element.getAttribute("style")
    for (const [pattern, tag] of [
      [/font-weight:\s*(bold|[6-9]00)/i, "strong"],
      [/font-style:\s*italic/i, "em"],
    ]) {
      if (!pattern.test(style)) continue
      const mark = doc.createElement(tag)
      mark.append(...element.childNodes)
      element.append(mark)
    }
  }
}

function cleanPastedHTML(html) {
  const doc = new DOMParser().parseFromString(html, "text/html")
  unwrapGoogleDocs(doc)
  stylesToMarks(doc)
  wordListsToLists(doc)
  return doc.body.innerHTML
}

const PasteCleanup = E.Extension.create({
  name: "pasteCleanup",
  addProseMirrorPlugins() {
    return [new E.Plugin({ props: { transformPastedHTML: cleanPastedHTML } })]
  },
})

// Internal links: find a page of this site by its title.
function chooseInternalLink(editor, chooserUrl) {
  const input = E.crel("input", { type: "search", name: "q", size: 40, autocomplete: "off" })
  const results = E.crel("ul", { className: "rich-text-chooser-results" })
  const status = E.crel("p", { className: "rich-text-chooser-status", role: "status" })
  const close = E.crel("button", { type: "button", textContent: "Cancel" })
  const dialog = E.crel("dialog", { className: "prose-editor-dialog rich-text-chooser" }, [
    E.crel("h3", { className: "prose-editor-dialog-title", textContent: "Link to a page of this site" }),
    E.crel("label", { textContent: "Search by title ", htmlFor: "" }, [input]),
    status,
    results,
    E.crel("div", { className: "prose-editor-dialog-buttons" }, [close]),
  ])
  editor.view.dom.parentElement.append(dialog)
  close.addEventListener("click", () => dialog.close())
  dialog.addEventListener("close", () => dialog.remove())
  let pending = 0
  input.addEventListener("input", async () => {
    const ticket = ++pending
    const url = `${chooserUrl}?q=${encodeURIComponent(input.value)}`
    const data = await fetch(url, { credentials: "same-origin" }).then((r) => r.json())
    if (ticket !== pending) return
    results.replaceChildren(
      ...data.results.map((page) => {
        const button = E.crel("button", {
          type: "button",
          textContent: `${page.title} (${page.kind})`,
        })
        button.addEventListener("click", () => {
          dialog.close()
          editor.chain().focus().extendMarkRange("link").setLink({ href: page.url }).run()
        })
        return E.crel("li", {}, [button])
      }),
    )
    status.textContent = input.value.length < 2 ? "" : `${data.results.length} page(s) found`
  })
  dialog.showModal()
  input.focus()
}

const InternalLink = E.Extension.create({
  name: "internalLink",
  addOptions() {
    return { chooserUrl: null }
  },
  addMenuItems({ menu, buttons }) {
    const chooserUrl = this.options.chooserUrl
    if (!chooserUrl) return
    menu.defineItem({
      name: "internalLink",
      groups: "link",
      command: (editor) => chooseInternalLink(editor, chooserUrl),
      enabled: (editor) => !editor.state.selection.empty || editor.isActive("link"),
      button: buttons.material("article", "Link to a page of this site"),
    })
  },
})

const EXTENSIONS = {
  Paragraph: E.Paragraph,
  Heading: E.Heading,
  Bold: E.Bold,
  Italic: E.Italic,
  Subscript: E.Subscript,
  Superscript: E.Superscript,
  HardBreak: E.HardBreak,
  HorizontalRule: E.HorizontalRule,
  BulletList: E.BulletList,
  OrderedList,
  ListItem: E.ListItem,
  Blockquote: E.Blockquote,
  Link,
  Table: E.Table,
  TableHeader: E.TableHeader,
  TableCell: E.TableCell,
  Figure: E.Figure,
  Caption: E.Caption,
  Image: E.Image,
  VideoEmbed,
}
const MENU_GROUPS = [
  { group: "blockType -lists", type: "dropdown", minItems: 2 },
  { group: "lists" },
  { group: "nodes -blockType -lists" },
  { group: "marks" },
  { group: "link" },
  { group: "insert" },
  { group: "table" },
  { group: "history" },
  { group: "utility" },
]

function extensionsFor(config) {
  const extensions = [
    E.Document,
    E.Text,
    E.Dropcursor,
    E.Gapcursor,
    E.History,
    E.TableRow,
    E.Menu.configure({ groups: MENU_GROUPS }),
    PasteCleanup,
    InternalLink.configure({ chooserUrl: config.linkChooser }),
  ]
  for (const [name, options] of Object.entries(config.extensions)) {
    const extension = EXTENSIONS[name]
    if (!extension) throw new Error(`rich-text-editor: no extension ${name}`)
    if (name === "Link") {
      extensions.push(extension.configure({ protocols: options.protocols, enableTarget: false }))
    } else if (typeof options === "object") {
      extensions.push(extension.configure(options))
    } else {
      extensions.push(extension)
    }
  }
  return extensions
}

// django-prose-editor's createTextareaEditor, with Tiptap's injected <style> turned off:
// the strict CSP refuses it, and django-prose-editor's editor.css has those rules.
function createTextareaEditor(textarea, extensions) {
  const element = E.crel("div", { className: "prose-editor" })
  textarea.before(element)
  element.append(textarea)
  return new E.Editor({
    element,
    extensions,
    injectCSS: false,
    content: textarea.value,
    onUpdate({ editor }) {
      const html = editor.getHTML()
      textarea.value = /^<(\w+)(\s[^>]*)?><\/\1>$/i.test(html) ? "" : html
      textarea.dispatchEvent(new Event("input", { bubbles: true }))
    },
  })
}

function createEditor(textarea) {
  const config = JSON.parse(textarea.getAttribute(CONFIG_ATTRIBUTE))
  const editor = createTextareaEditor(textarea, extensionsFor(config))
  textarea.richTextEditor = editor // for the browser tests and the library's choosers
  textarea.dispatchEvent(new CustomEvent("rich-text:ready", { detail: { editor }, bubbles: true }))
  return editor
}

E.initializeEditors(createEditor, `[${CONFIG_ATTRIBUTE}]`)
